-- Beyond EMQX: a windowed aggregation. Every 10 seconds (processing time), per car: the number of telemetry
-- messages and the average and top speed. GROUP BY takes one window -- TUMBLE('<size>'),
-- HOP('<slide>', '<size>') or SESSION('<gap>'), each with an optional 'event' (receive time) or 'processing'
-- (default) -- plus grouping keys, which may be SELECT aliases. Fields are aggregates (count, sum, avg, min,
-- max), group keys, or window_start / window_end (epoch milliseconds).
SELECT
  topic(2) AS vin,
  count(*) AS samples,
  avg(payload.speed) AS avg_speed,
  max(payload.speed) AS max_speed,
  window_start,
  window_end
FROM
  "vehicles/+/telemetry"
GROUP BY
  TUMBLE('10 seconds'), vin
