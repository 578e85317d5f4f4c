-- Demo: commands the back end writes to Kafka go back to each vehicle over MQTT.
SELECT
  value.vin AS vin,
  value.command AS command,
  value.reason AS reason,
  offset
FROM
  "$bridges/kafka_consumer:vehicle_commands"
