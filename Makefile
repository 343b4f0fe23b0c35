# Thin wrapper over scripts/ and CMake presets. The README's two commands:
#   make demo   install, build (release), index real PubMed XML, show what was indexed
#   make test   install, build (dev: ASan+UBSan), run every test that needs no GPU
#   make fuzz   build the libFuzzer targets (clang) and run each FUZZ_SECONDS (default 60)
.PHONY: deps build release test demo bench bench-lexical bench-encoder fuzz clean

JOBS ?= $(shell nproc)

deps:
	scripts/install-deps.sh

build: deps
	cmake --preset dev
	cmake --build --preset dev -j $(JOBS)

release: deps
	cmake --preset release
	cmake --build --preset release -j $(JOBS)

test: build
	ctest --preset dev -j $(JOBS) -LE 'gpu|slow'

demo: release
	scripts/demo.sh

bench: release
	bench/ingest_bench.sh

bench-lexical: release
	bench/lexical_bench.sh

# Builds only bench_encode (in build/release) itself; installs python3-torch first.
bench-encoder:
	scripts/install-deps.sh --bench
	bench/encoder_bench.sh

# docs/reliability.md, "Fuzzing": e.g. `make fuzz FUZZ_SECONDS=600`.
FUZZ_SECONDS ?= 60
fuzz: deps
	FUZZ_SECONDS=$(FUZZ_SECONDS) scripts/fuzz.sh

clean:
	rm -rf build
