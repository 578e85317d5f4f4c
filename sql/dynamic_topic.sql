-- The Kafka topic comes from the environment variable EMQXVAR_KAFKA_TOPIC (EMQX's getenv convention).
SELECT
  getenv(`EMQXVAR_KAFKA_TOPIC`) as kafka_topic,
  payload
FROM
  "t/#"
