//! The `ictrank` command line: parses arguments and calls the library; no work lives here.

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "ictrank", version, about = "Đánh giá xếp hạng mức độ ứng dụng CNTT — audits agency websites and ranks units")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {}

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    match cli.command {}
}
