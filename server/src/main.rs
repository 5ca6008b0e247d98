//! `ipt-server`: wires configuration, telemetry and the application, then runs until stopped.

use clap::Parser;
use ipt_server::configuration::Cli;

// glibc's malloc keeps freed memory in per-thread arenas (the SQLite pool and the HTTP
// workers each run threads), and the server's resident memory grew with every load it had
// seen; jemalloc returns it (BENCHMARKS.md has the before and after).
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

#[actix_web::main]
async fn main() -> anyhow::Result<()> {
    // One TLS crypto backend (ring) for every rustls user in the process.
    let _ = rustls::crypto::ring::default_provider().install_default();
    ipt_server::run(Cli::parse()).await
}
