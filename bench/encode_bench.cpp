// Encoder forward-pass driver for bench/encoder_bench.sh: loads a Hugging Face model
// directory (config.json, model.safetensors) with encoder::TransformerModel and runs
// fixed token-id rows through it, the same rows bench/torch_encoder.py gives PyTorch.
//
//   bench_encode --model DIR --inputs FILE [--threads T] [--batch B] [--passes P] [--dump F]
//   bench_encode --sgemm-peak [--threads T] [--seconds S]
//
// FILE: one text per line, its token ids separated by spaces. Rows run in file order,
// B at a time, each batch padded to its longest row (pad id 0, mask 0). One untimed
// warm-up batch, then P timed passes over all rows; prints one JSON line with the wall and
// process CPU seconds of each pass. --dump writes the first batch's last hidden state
// ([B, T, H] float32, native order) for the output check against PyTorch.
//
// --sgemm-peak: the GFLOP/s oneDNN's sgemm reaches on the FFN's shape (M = 1024 token rows,
// N = 3072, K = 768, B transposed as in nn.Linear) through the same gemm_a_bt the model
// uses: the practical ceiling of the forward pass on this machine.
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "medsearch/encoder/transformer_kernels.hpp"
#include "medsearch/encoder/transformer_model.hpp"

namespace {

using namespace medsearch::encoder;
using Clock = std::chrono::steady_clock;

struct Args {
  std::string model, inputs, dump;
  int threads = 1;
  std::size_t batch = 8;
  int passes = 1;
  bool sgemm_peak = false;
  double seconds = 3.0;
};

[[noreturn]] void usage(const std::string& why) {
  std::cerr << "bench_encode: " << why
            << "\nusage: bench_encode --model DIR --inputs FILE [--threads T] [--batch B] [--passes P] [--dump F]\n"
               "       bench_encode --sgemm-peak [--threads T] [--seconds S]\n";
  std::exit(2);
}

Args parse(int argc, char** argv) {
  Args a;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    const auto value = [&]() -> std::string {
      if (i + 1 >= argc) usage(std::string(arg) + " needs a value");
      return argv[++i];
    };
    if (arg == "--model") a.model = value();
    else if (arg == "--inputs") a.inputs = value();
    else if (arg == "--dump") a.dump = value();
    else if (arg == "--threads") a.threads = std::stoi(value());
    else if (arg == "--batch") a.batch = std::stoul(value());
    else if (arg == "--passes") a.passes = std::stoi(value());
    else if (arg == "--seconds") a.seconds = std::stod(value());
    else if (arg == "--sgemm-peak") a.sgemm_peak = true;
    else usage("unknown argument " + std::string(arg));
  }
  if (a.threads < 1 || a.batch < 1 || a.passes < 1) usage("--threads, --batch, --passes must be >= 1");
  if (!a.sgemm_peak && (a.model.empty() || a.inputs.empty())) usage("--model and --inputs are required");
  return a;
}

double cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return double(ts.tv_sec) + double(ts.tv_nsec) * 1e-9;
}

double since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

std::vector<std::vector<std::int32_t>> read_rows(const std::string& path) {
  std::ifstream in(path);
  if (!in) usage("cannot read " + path);
  std::vector<std::vector<std::int32_t>> rows;
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream s(line);
    std::vector<std::int32_t> ids;
    for (std::int32_t id; s >> id;) ids.push_back(id);
    if (!ids.empty()) rows.push_back(std::move(ids));
  }
  if (rows.empty()) usage(path + " holds no rows");
  return rows;
}

// One padded batch of rows [start, start + n).
struct Batch {
  std::vector<std::int32_t> ids, mask;
  std::size_t size = 0, seq_len = 0;
};

Batch make_batch(const std::vector<std::vector<std::int32_t>>& rows, std::size_t start, std::size_t n) {
  Batch b;
  b.size = n;
  for (std::size_t i = 0; i < n; ++i) b.seq_len = std::max(b.seq_len, rows[start + i].size());
  b.ids.assign(n * b.seq_len, 0);
  b.mask.assign(n * b.seq_len, 0);
  for (std::size_t i = 0; i < n; ++i) {
    const auto& r = rows[start + i];
    for (std::size_t t = 0; t < r.size(); ++t) {
      b.ids[i * b.seq_len + t] = r[t];
      b.mask[i * b.seq_len + t] = 1;
    }
  }
  return b;
}

int run_model(const Args& a) {
  const auto t_load = Clock::now();
  const TransformerModel model = TransformerModel::load(a.model);
  const double load_s = since(t_load);
  const auto rows = read_rows(a.inputs);
  std::vector<Batch> batches;
  std::size_t tokens = 0;
  for (std::size_t s = 0; s < rows.size(); s += a.batch) {
    batches.push_back(make_batch(rows, s, std::min(a.batch, rows.size() - s)));
    tokens += batches.back().size * batches.back().seq_len;
  }
  const std::size_t h = model.hidden_size();
  std::vector<float> out;
  ForwardWorkspace ws;
  ws.threads = a.threads;
  const auto forward = [&](const Batch& b) {
    out.resize(b.size * b.seq_len * h);
    model.forward(b.ids, b.mask, b.size, b.seq_len, out.data(), ws);
  };
  forward(batches.front());  // warm-up: buffers, the OpenMP team, oneDNN's kernels
  if (!a.dump.empty()) {
    std::ofstream f(a.dump, std::ios::binary);
    f.write(reinterpret_cast<const char*>(out.data()), static_cast<std::streamsize>(out.size() * sizeof(float)));
    if (!f) usage("cannot write " + a.dump);
  }
  std::string wall = "[", cpu = "[";
  for (int p = 0; p < a.passes; ++p) {
    const double c0 = cpu_seconds();
    const auto t0 = Clock::now();
    for (const Batch& b : batches) forward(b);
    const double w = since(t0), c = cpu_seconds() - c0;
    wall += (p ? "," : "") + std::to_string(w);
    cpu += (p ? "," : "") + std::to_string(c);
  }
  std::printf(
      "{\"engine\": \"medsearch\", \"threads\": %d, \"batch\": %zu, \"docs\": %zu, \"tokens\": %zu, "
      "\"load_s\": %.3f, \"wall_s\": %s], \"cpu_s\": %s]}\n",
      a.threads, a.batch, rows.size(), tokens, load_s, wall.c_str(), cpu.c_str());
  return 0;
}

int sgemm_peak(const Args& a) {
  constexpr std::size_t m = 1024, n = 3072, k = 768;
  std::vector<float> x(m * k, 0.01f), w(n * k, 0.02f), c(m * n);
  const ThreadCountScope scope(a.threads);
  gemm_a_bt(m, n, k, 1.0f, x.data(), k, w.data(), k, 0.0f, c.data(), n);  // warm-up
  std::size_t calls = 0;
  const double c0 = cpu_seconds();
  const auto t0 = Clock::now();
  while (since(t0) < a.seconds) {
    gemm_a_bt(m, n, k, 1.0f, x.data(), k, w.data(), k, 0.0f, c.data(), n);
    ++calls;
  }
  const double wall = since(t0), cpu = cpu_seconds() - c0;
  const double flop = 2.0 * double(m) * double(n) * double(k) * double(calls);
  std::printf("{\"sgemm\": \"%zux%zux%zu\", \"threads\": %d, \"calls\": %zu, \"wall_s\": %.3f, \"cpu_s\": %.3f, "
              "\"gflops\": %.1f}\n",
              m, n, k, a.threads, calls, wall, cpu, flop / wall * 1e-9);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const Args a = parse(argc, argv);
  try {
    return a.sgemm_peak ? sgemm_peak(a) : run_model(a);
  } catch (const std::exception& e) {
    std::cerr << "bench_encode: " << e.what() << "\n";
    return 1;
  }
}
