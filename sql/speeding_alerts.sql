-- Demo: vehicles driving faster than 120 km/h.
SELECT
  payload.vin AS vin,
  payload.speed AS speed,
  'speeding' AS alert
FROM
  "vehicles/+/telemetry"
WHERE
  payload.speed > 120
