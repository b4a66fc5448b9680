# The two set-up commands in README.md are `make demo` and `make test`; each installs what it needs.
.PHONY: setup demo app test lint bench fuzz

setup:
	@scripts/setup.sh

demo: setup
	.venv/bin/bmi-advisor assess examples/seamless-2005.yaml

# On your own machine the Portfolio page may open batch output folders in your home folder; on a
# shared server set BMI_PORTFOLIO_ROOT to the one tree visitors may read (docs/security.md).
app: setup
	BMI_PORTFOLIO_ROOT="$${BMI_PORTFOLIO_ROOT:-$$HOME}" .venv/bin/streamlit run app.py --server.headless true --browser.gatherUsageStats false

test:
	@scripts/setup.sh test
	.venv/bin/ruff check .
	# CI clones main beside shared/, so the papers are at ../shared/seeds there.
	.venv/bin/bmi-advisor rules check --papers ../shared/seeds
	BMI_ADVISOR_REQUIRE_BROWSER=1 BMI_ADVISOR_REQUIRE_POSTGRES=1 .venv/bin/python -m pytest -q

# The suite runs the fuzz tests on a small budget; this runs 10,000 cases and lists every crash
# and unclear error (FUZZ_CASES=N for more).
fuzz:
	@scripts/setup.sh test
	.venv/bin/python scripts/fuzz.py

lint: setup
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .

bench:
	@scripts/setup.sh test
	.venv/bin/python benchmarks/bench.py
	.venv/bin/python benchmarks/bench_limits.py
	.venv/bin/python benchmarks/bench_portfolio_browser.py
