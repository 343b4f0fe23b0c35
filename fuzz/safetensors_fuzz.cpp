// Fuzz target: encoder::SafetensorsFile (8-byte length, JSON header, offsets checked
// against the mapped file) over arbitrary bytes, then every float tensor read back. Only
// medsearch::Error may escape; a tensor that validated must be readable in bounds
// (AddressSanitizer checks the mapped reads).
#include <cstdint>
#include <cstdlib>

#include "fuzz_file.hpp"
#include "medsearch/core/error.hpp"
#include "medsearch/encoder/safetensors_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static medsearch::fuzz::MemFile file;
  const std::string& path = file.write(data, size);
  try {
    const medsearch::encoder::SafetensorsFile st(path);
    for (const std::string& name : st.names()) {
      const medsearch::encoder::SafetensorsTensor* t = st.find(name);
      if (t == nullptr || t->data_begin > t->data_end || t->data_end > size) std::abort();
      using Dtype = medsearch::encoder::SafetensorsDtype;
      if (t->dtype == Dtype::F32 || t->dtype == Dtype::F16 || t->dtype == Dtype::BF16) {
        if (st.read_f32(name).size() != t->element_count()) std::abort();
      }
    }
  } catch (const medsearch::Error&) {
  }
  return 0;
}
