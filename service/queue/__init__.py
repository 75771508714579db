"""Background processing: RQ queues on Redis ("live" before "batch"), or inline in the calling
process when no Redis is configured. One job function serves both modes."""
