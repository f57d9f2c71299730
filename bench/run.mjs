// npm run bench — not built yet: the benchmark against DuckDB-WASM and PapaParse
// in headless Chromium is its own issue. Until then this says so and fails, so
// nobody mistakes it for a measurement.
console.error('npm run bench: the benchmark harness is not written yet (see bench/README.md).');
process.exit(1);
