# Two entry points: `make demo` and `make test`. Both install what is missing
# (Debian packages only), configure, build, then run.
BUILD ?= build
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
APT_PACKAGES = cmake g++ make nlohmann-json3-dev libyaml-cpp-dev libcli11-dev \
               libfmt-dev libgtest-dev libgmock-dev libbenchmark-dev
APT_PACKAGES += chromium nodejs  # the HTML reports' browser tests
SUDO = $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: demo test deps build bench clean golden test-browser

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
	@missing=""; for p in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

build: deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release >/dev/null
	cmake --build $(BUILD) -j $(JOBS)

# Rewrites tests/golden/ from the current binary; review the diff before committing.
golden: build
	MOEPLAN_UPDATE_GOLDEN=1 ./$(BUILD)/moeplan_tests --gtest_filter='Golden*'

clean:
	rm -rf $(BUILD)
