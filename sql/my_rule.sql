-- Every message published under t/ goes to Kafka as EMQX's message.publish object.
SELECT
  *
FROM
  "t/#"
