# Two entry points: `make demo` and `make test`. Both install what is missing
# (Debian packages only), configure, build, then run.
SHELL := /bin/bash
BUILD ?= build
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
APT_PACKAGES = cmake g++ make nlohmann-json3-dev libyaml-cpp-dev libcli11-dev \
               libfmt-dev libgtest-dev libgmock-dev libbenchmark-dev libjemalloc-dev
APT_PACKAGES += chromium nodejs  # the HTML reports' browser tests
# Only `make sanitize` and `make fuzz` need clang and its sanitizer/libFuzzer runtimes.
CLANG_PACKAGES = clang libclang-rt-14-dev
SUDO = $(shell [ "$$(id -u)" = 0 ] || echo sudo)
SANITIZE_BUILD ?= build-sanitize
FUZZ_SECONDS ?= 60
# Seconds one input may take before libFuzzer calls it a hang: the slowest valid input (placement at the
# limits, about 2 s in Release) runs 5-10 times slower under ASan + UBSan.
FUZZ_TIMEOUT ?= 60
FUZZERS = scenario_fuzzer hf_config_fuzzer routing_stats_fuzzer markdown_fuzzer cli_fuzzer check_fuzzer
# Any ASan/UBSan report fails the run (the build also sets -fno-sanitize-recover=all).
SAN_ENV = ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

.PHONY: demo test deps deps-clang apt-install build bench clean golden sanitize-build sanitize fuzz test-browser

demo: build
	./$(BUILD)/moeplan inspect seed-16x16
	./$(BUILD)/moeplan evaluate examples/seed/scenario.yaml || [ $$? -eq 1 ]  # 1: an objective is missed, as the seed's is
	./$(BUILD)/moeplan plan examples/seed/scenario.yaml
	./$(BUILD)/moeplan plan examples/seed/scenario.yaml --format md -o $(BUILD)/seed_plan.md
	@echo "deployment document written to $(BUILD)/seed_plan.md"
	./$(BUILD)/moeplan plan examples/seed/scenario.yaml --format html -o $(BUILD)/seed_report.html
	@echo "HTML report written to $(BUILD)/seed_report.html (open it in a browser)"

test: build
	cd $(BUILD) && MOEPLAN_REQUIRE_BROWSER=1 ctest --output-on-failure -j $(JOBS)

# The HTML reports in headless Chromium alone; screenshots in $(BUILD)/browser/.
test-browser: build
	cd $(BUILD) && MOEPLAN_REQUIRE_BROWSER=1 ctest --output-on-failure -L browser

bench: build
	./$(BUILD)/moeplan_bench

deps:
	@$(MAKE) --no-print-directory apt-install PACKAGES="$(APT_PACKAGES)"

deps-clang:
	@$(MAKE) --no-print-directory apt-install PACKAGES="$(CLANG_PACKAGES)"

apt-install:
	@missing=""; for p in $(PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

build: deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release >/dev/null
	cmake --build $(BUILD) -j $(JOBS)

# Rewrites tests/golden/ and the limits table of docs/scenario.md; review the diff before committing.
golden: build
	MOEPLAN_UPDATE_GOLDEN=1 ./$(BUILD)/moeplan_tests --gtest_filter='Golden*:ScenarioSchema.DocsLimitsTableIsTheSchemas'

# One clang build serves both: ASan + UBSan (float-cast-overflow included) with libFuzzer's coverage
# instrumentation, the test binary and the harnesses.
sanitize-build: deps deps-clang
	CC=clang CXX=clang++ cmake -S . -B $(SANITIZE_BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMOEPLAN_SANITIZE=ON \
	  -DMOEPLAN_FUZZ=ON -DMOEPLAN_BUILD_BENCH=OFF >/dev/null
	cmake --build $(SANITIZE_BUILD) -j $(JOBS)

# The whole test suite under ASan + UBSan; any report fails it.
sanitize: sanitize-build
	cd $(SANITIZE_BUILD) && $(SAN_ENV) ctest --output-on-failure -j $(JOBS)

# Each libFuzzer harness for FUZZ_SECONDS; seeds in fuzz/corpus/, new inputs in $(FUZZ_CORPUS)/, crashes in
# $(SANITIZE_BUILD)/artifacts/.
FUZZ_CORPUS ?= $(SANITIZE_BUILD)/corpus
fuzz: sanitize-build
	@mkdir -p $(SANITIZE_BUILD)/artifacts
	@for f in $(FUZZERS); do \
	  mkdir -p $(FUZZ_CORPUS)/$$f; \
	  echo "== $$f for $(FUZZ_SECONDS) s"; \
	  $(SAN_ENV) ./$(SANITIZE_BUILD)/$$f -max_total_time=$(FUZZ_SECONDS) -timeout=$(FUZZ_TIMEOUT) -rss_limit_mb=2560 -max_len=65536 \
	    -print_final_stats=1 -artifact_prefix=$(SANITIZE_BUILD)/artifacts/$$f- \
	    $(FUZZ_CORPUS)/$$f fuzz/corpus/$$f 2>&1 | grep -E "^(INFO: seed|stat::number_of_executed_units|stat::peak_rss_mb|==[0-9]+==ERROR|SUMMARY|Done)|runtime error|deadly signal|Test unit written" ; \
	  test $${PIPESTATUS[0]} -eq 0 || exit 1; \
	done

clean:
	rm -rf $(BUILD) $(SANITIZE_BUILD)
