-- Demo: every telemetry message, reduced to the fields the back end needs.
SELECT
  payload.vin AS vin,
  payload.speed AS speed,
  payload.rpm AS rpm,
  payload.fuel AS fuel,
  payload.location AS location,
  topic,
  publish_received_at
FROM
  "vehicles/+/telemetry"
