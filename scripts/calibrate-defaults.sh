#!/usr/bin/env bash
# Re-makes the calibrated defaults in data/ from ../shared/data (read there, never copied).
set -euo pipefail
cd "$(dirname "$0")/.."
npm run --silent build
D=../shared/data
node dist/cli.cjs calibrate power $D/ercot/ercot_dam_lzhbspp_2019.csv.gz $D/ercot/ercot_dam_lzhbspp_2020.csv.gz \
  $D/ercot/ercot_dam_lzhbspp_2021.csv.gz $D/ercot/ercot_dam_lzhbspp_2022.csv.gz $D/ercot/ercot_dam_lzhbspp_2023.csv.gz \
  $D/ercot/ercot_dam_lzhbspp_2024.csv.gz --point HB_WEST \
  --out data/power-hb-west-2019-2024.json --report data/power-hb-west-2019-2024-fit.csv --year-report data/power-hb-west-2019-2024-years.csv
# The same fit checked like for like against the data's own era: a $9,000 cap (ERCOT's until 2021).
tmp=$(mktemp)
node dist/cli.cjs calibrate power $D/ercot/ercot_dam_lzhbspp_2019.csv.gz $D/ercot/ercot_dam_lzhbspp_2020.csv.gz \
  $D/ercot/ercot_dam_lzhbspp_2021.csv.gz $D/ercot/ercot_dam_lzhbspp_2022.csv.gz $D/ercot/ercot_dam_lzhbspp_2023.csv.gz \
  $D/ercot/ercot_dam_lzhbspp_2024.csv.gz --point HB_WEST --cap 9000 \
  --out "$tmp" --report data/power-hb-west-2019-2024-fit-cap-9000.csv --year-report data/power-hb-west-2019-2024-years-cap-9000.csv
rm -f "$tmp"
# Loads settle at the load zone: the basis LZ_WEST - HB_WEST, day-ahead 2019-2024.
node dist/cli.cjs calibrate basis $D/ercot/ercot_dam_lzhbspp_2019.csv.gz $D/ercot/ercot_dam_lzhbspp_2020.csv.gz \
  $D/ercot/ercot_dam_lzhbspp_2021.csv.gz $D/ercot/ercot_dam_lzhbspp_2022.csv.gz $D/ercot/ercot_dam_lzhbspp_2023.csv.gz \
  $D/ercot/ercot_dam_lzhbspp_2024.csv.gz --zone LZ_WEST --hub HB_WEST \
  --out data/basis-lz-west-2019-2024.json --report data/basis-lz-west-2019-2024-fit.csv
# Real-time over day-ahead at HB_WEST, 2024 (the only year with both; the 169-hour hole in the DST week is interpolated, which needs --max-gap-hours: 2% of the hours, a known limitation).
node dist/cli.cjs calibrate rt-spread $D/ercot/ercot_hourly_dam_rtm_spp_15sp_2024.csv.gz --point HB_WEST --fill-gaps --max-gap-hours 170 \
  --out data/rt-spread-hb-west-2024.json --report data/rt-spread-hb-west-2024-fit.csv
node dist/cli.cjs calibrate btc $D/btc/btc_usd_daily_coingecko.csv --time event_date --value close_price_usd --timezone UTC \
  --from 2021-01-01 --to 2025-01-01 --fill-gaps --out data/btc-2021-2024.json --report data/btc-2021-2024-fit.csv
npx tsx scripts/derive-defaults.ts
# BTC with stochastic volatility (the default BTC model), fitted on the whole years 2014-2024.
node dist/cli.cjs calibrate btc-sv $D --out data/btc-sv-2014-2024.json --report data/btc-sv-2014-2024-fit.csv
# Fees per block as a process, fitted on 2016-2019 daily fees and three later yearly levels.
node dist/cli.cjs calibrate fees $D --out data/fees-2016-2019.json --report data/fees-2016-2019-fit.csv
# The hashrate supply model, fitted on 2016-2024 network history driven by the recorded BTC price.
node dist/cli.cjs calibrate network $D --out data/network-supply-2016-2024.json --report data/network-supply-2016-2024-fit.csv
