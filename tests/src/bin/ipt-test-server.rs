//! The server's command line as a binary of the test crate, so that its tests can start a real
//! process and `kill -9` it (a package's tests can only name that package's binaries).

use clap::Parser;

#[actix_web::main]
async fn main() -> anyhow::Result<()> {
    let _ = rustls::crypto::ring::default_provider().install_default();
    ipt_server::run(ipt_server::configuration::Cli::parse()).await
}
