#!/usr/bin/env bash
# One command for a newcomer: set everything up and run the main job on seeds/.
# Writes out/seeds.csv, out/seeds.parquet, out/seeds.manifest.csv and the charts in out/charts/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
mkdir -p out
.venv/bin/indicators extract seeds -o out/seeds.csv
.venv/bin/indicators extract seeds -o out/seeds.parquet --manifest out/seeds.parquet.manifest.csv
.venv/bin/indicators chart out/seeds.parquet -o out/charts
echo "dataset: out/seeds.csv and out/seeds.parquet; charts: out/charts/*.png and *.svg"
