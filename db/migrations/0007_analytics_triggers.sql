-- Analytics read models kept exact by triggers: every insert, update and delete of a message
-- (webhooks, sends, purges, erasures, seeds) adjusts them in the same transaction. drizzle-kit
-- cannot describe triggers, so this migration was generated empty with `drizzle-kit generate
-- --custom` and written out; it also fills the tables from the messages already stored.
CREATE TRIGGER `analytics_message_insert` AFTER INSERT ON `messages` BEGIN
  INSERT INTO message_counts (day, direction, kind, count) SELECT (new.created_at / 86400000), new.direction, CASE WHEN new.direction = 'inbound' THEN coalesce(new.command, '') WHEN new.reply_to_id IS NOT NULL THEN 'reply' ELSE 'message' END, 1 WHERE 1
    ON CONFLICT (day, direction, kind) DO UPDATE SET count = count + 1;
  INSERT INTO hourly_counts (hour, direction, count) SELECT (new.created_at / 3600000) * 3600000, new.direction, 1 WHERE 1
    ON CONFLICT (hour, direction) DO UPDATE SET count = count + 1;
  INSERT INTO status_counts (day, status, count) SELECT (new.created_at / 86400000), new.status, 1 WHERE new.direction = 'outbound'
    ON CONFLICT (day, status) DO UPDATE SET count = count + 1;
  INSERT INTO error_counts (day, error_code, count) SELECT (new.created_at / 86400000), new.error_code, 1 WHERE new.direction = 'outbound' AND new.status IN ('failed', 'undelivered') AND new.error_code IS NOT NULL
    ON CONFLICT (day, error_code) DO UPDATE SET count = count + 1;
  INSERT INTO daily_senders (day, contact_id, count) SELECT (new.created_at / 86400000), new.contact_id, 1 WHERE new.direction = 'inbound' AND new.contact_id IS NOT NULL
    ON CONFLICT (day, contact_id) DO UPDATE SET count = count + 1;
  INSERT INTO latency_counts (day, bucket, count) SELECT (new.created_at / 86400000), CASE WHEN (new.delivered_at - new.sent_at) < 1000 THEN 1 WHEN (new.delivered_at - new.sent_at) < 2000 THEN 2 WHEN (new.delivered_at - new.sent_at) < 5000 THEN 5 WHEN (new.delivered_at - new.sent_at) < 10000 THEN 10 WHEN (new.delivered_at - new.sent_at) < 30000 THEN 30 WHEN (new.delivered_at - new.sent_at) < 60000 THEN 60 WHEN (new.delivered_at - new.sent_at) < 300000 THEN 300 WHEN (new.delivered_at - new.sent_at) < 900000 THEN 900 WHEN (new.delivered_at - new.sent_at) < 3600000 THEN 3600 WHEN (new.delivered_at - new.sent_at) < 86400000 THEN 86400 ELSE 0 END, 1 WHERE new.direction = 'outbound' AND new.sent_at IS NOT NULL AND new.delivered_at IS NOT NULL
    ON CONFLICT (day, bucket) DO UPDATE SET count = count + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `analytics_message_delete` AFTER DELETE ON `messages` BEGIN
  UPDATE message_counts SET count = count - 1 WHERE day = (old.created_at / 86400000) AND direction = old.direction AND kind = CASE WHEN old.direction = 'inbound' THEN coalesce(old.command, '') WHEN old.reply_to_id IS NOT NULL THEN 'reply' ELSE 'message' END;
  DELETE FROM message_counts WHERE day = (old.created_at / 86400000) AND direction = old.direction AND kind = CASE WHEN old.direction = 'inbound' THEN coalesce(old.command, '') WHEN old.reply_to_id IS NOT NULL THEN 'reply' ELSE 'message' END AND count <= 0;
  UPDATE hourly_counts SET count = count - 1 WHERE hour = (old.created_at / 3600000) * 3600000 AND direction = old.direction;
  DELETE FROM hourly_counts WHERE hour = (old.created_at / 3600000) * 3600000 AND direction = old.direction AND count <= 0;
  UPDATE status_counts SET count = count - 1 WHERE old.direction = 'outbound' AND day = (old.created_at / 86400000) AND status = old.status;
  DELETE FROM status_counts WHERE day = (old.created_at / 86400000) AND status = old.status AND count <= 0;
  UPDATE error_counts SET count = count - 1 WHERE old.direction = 'outbound' AND old.status IN ('failed', 'undelivered') AND old.error_code IS NOT NULL AND day = (old.created_at / 86400000) AND error_code = old.error_code;
  DELETE FROM error_counts WHERE day = (old.created_at / 86400000) AND error_code = old.error_code AND count <= 0;
  UPDATE daily_senders SET count = count - 1 WHERE old.direction = 'inbound' AND old.contact_id IS NOT NULL AND day = (old.created_at / 86400000) AND contact_id = old.contact_id;
  DELETE FROM daily_senders WHERE day = (old.created_at / 86400000) AND contact_id = old.contact_id AND count <= 0;
  UPDATE latency_counts SET count = count - 1 WHERE old.direction = 'outbound' AND old.sent_at IS NOT NULL AND old.delivered_at IS NOT NULL AND day = (old.created_at / 86400000) AND bucket = CASE WHEN (old.delivered_at - old.sent_at) < 1000 THEN 1 WHEN (old.delivered_at - old.sent_at) < 2000 THEN 2 WHEN (old.delivered_at - old.sent_at) < 5000 THEN 5 WHEN (old.delivered_at - old.sent_at) < 10000 THEN 10 WHEN (old.delivered_at - old.sent_at) < 30000 THEN 30 WHEN (old.delivered_at - old.sent_at) < 60000 THEN 60 WHEN (old.delivered_at - old.sent_at) < 300000 THEN 300 WHEN (old.delivered_at - old.sent_at) < 900000 THEN 900 WHEN (old.delivered_at - old.sent_at) < 3600000 THEN 3600 WHEN (old.delivered_at - old.sent_at) < 86400000 THEN 86400 ELSE 0 END;
  DELETE FROM latency_counts WHERE day = (old.created_at / 86400000) AND bucket = CASE WHEN (old.delivered_at - old.sent_at) < 1000 THEN 1 WHEN (old.delivered_at - old.sent_at) < 2000 THEN 2 WHEN (old.delivered_at - old.sent_at) < 5000 THEN 5 WHEN (old.delivered_at - old.sent_at) < 10000 THEN 10 WHEN (old.delivered_at - old.sent_at) < 30000 THEN 30 WHEN (old.delivered_at - old.sent_at) < 60000 THEN 60 WHEN (old.delivered_at - old.sent_at) < 300000 THEN 300 WHEN (old.delivered_at - old.sent_at) < 900000 THEN 900 WHEN (old.delivered_at - old.sent_at) < 3600000 THEN 3600 WHEN (old.delivered_at - old.sent_at) < 86400000 THEN 86400 ELSE 0 END AND count <= 0;
END;
--> statement-breakpoint
CREATE TRIGGER `analytics_message_identity` AFTER UPDATE OF direction, command, reply_to_id, created_at ON `messages` BEGIN
  UPDATE message_counts SET count = count - 1 WHERE day = (old.created_at / 86400000) AND direction = old.direction AND kind = CASE WHEN old.direction = 'inbound' THEN coalesce(old.command, '') WHEN old.reply_to_id IS NOT NULL THEN 'reply' ELSE 'message' END;
  DELETE FROM message_counts WHERE day = (old.created_at / 86400000) AND direction = old.direction AND kind = CASE WHEN old.direction = 'inbound' THEN coalesce(old.command, '') WHEN old.reply_to_id IS NOT NULL THEN 'reply' ELSE 'message' END AND count <= 0;
  INSERT INTO message_counts (day, direction, kind, count) SELECT (new.created_at / 86400000), new.direction, CASE WHEN new.direction = 'inbound' THEN coalesce(new.command, '') WHEN new.reply_to_id IS NOT NULL THEN 'reply' ELSE 'message' END, 1 WHERE 1
    ON CONFLICT (day, direction, kind) DO UPDATE SET count = count + 1;
  UPDATE hourly_counts SET count = count - 1 WHERE hour = (old.created_at / 3600000) * 3600000 AND direction = old.direction;
  DELETE FROM hourly_counts WHERE hour = (old.created_at / 3600000) * 3600000 AND direction = old.direction AND count <= 0;
  INSERT INTO hourly_counts (hour, direction, count) SELECT (new.created_at / 3600000) * 3600000, new.direction, 1 WHERE 1
    ON CONFLICT (hour, direction) DO UPDATE SET count = count + 1;
  UPDATE status_counts SET count = count - 1 WHERE old.direction = 'outbound' AND day = (old.created_at / 86400000) AND status = old.status;
  DELETE FROM status_counts WHERE day = (old.created_at / 86400000) AND status = old.status AND count <= 0;
  INSERT INTO status_counts (day, status, count) SELECT (new.created_at / 86400000), new.status, 1 WHERE new.direction = 'outbound'
    ON CONFLICT (day, status) DO UPDATE SET count = count + 1;
  UPDATE error_counts SET count = count - 1 WHERE old.direction = 'outbound' AND old.status IN ('failed', 'undelivered') AND old.error_code IS NOT NULL AND day = (old.created_at / 86400000) AND error_code = old.error_code;
  DELETE FROM error_counts WHERE day = (old.created_at / 86400000) AND error_code = old.error_code AND count <= 0;
  INSERT INTO error_counts (day, error_code, count) SELECT (new.created_at / 86400000), new.error_code, 1 WHERE new.direction = 'outbound' AND new.status IN ('failed', 'undelivered') AND new.error_code IS NOT NULL
    ON CONFLICT (day, error_code) DO UPDATE SET count = count + 1;
  UPDATE daily_senders SET count = count - 1 WHERE old.direction = 'inbound' AND old.contact_id IS NOT NULL AND day = (old.created_at / 86400000) AND contact_id = old.contact_id;
  DELETE FROM daily_senders WHERE day = (old.created_at / 86400000) AND contact_id = old.contact_id AND count <= 0;
  INSERT INTO daily_senders (day, contact_id, count) SELECT (new.created_at / 86400000), new.contact_id, 1 WHERE new.direction = 'inbound' AND new.contact_id IS NOT NULL
    ON CONFLICT (day, contact_id) DO UPDATE SET count = count + 1;
  UPDATE latency_counts SET count = count - 1 WHERE old.direction = 'outbound' AND old.sent_at IS NOT NULL AND old.delivered_at IS NOT NULL AND day = (old.created_at / 86400000) AND bucket = CASE WHEN (old.delivered_at - old.sent_at) < 1000 THEN 1 WHEN (old.delivered_at - old.sent_at) < 2000 THEN 2 WHEN (old.delivered_at - old.sent_at) < 5000 THEN 5 WHEN (old.delivered_at - old.sent_at) < 10000 THEN 10 WHEN (old.delivered_at - old.sent_at) < 30000 THEN 30 WHEN (old.delivered_at - old.sent_at) < 60000 THEN 60 WHEN (old.delivered_at - old.sent_at) < 300000 THEN 300 WHEN (old.delivered_at - old.sent_at) < 900000 THEN 900 WHEN (old.delivered_at - old.sent_at) < 3600000 THEN 3600 WHEN (old.delivered_at - old.sent_at) < 86400000 THEN 86400 ELSE 0 END;
  DELETE FROM latency_counts WHERE day = (old.created_at / 86400000) AND bucket = CASE WHEN (old.delivered_at - old.sent_at) < 1000 THEN 1 WHEN (old.delivered_at - old.sent_at) < 2000 THEN 2 WHEN (old.delivered_at - old.sent_at) < 5000 THEN 5 WHEN (old.delivered_at - old.sent_at) < 10000 THEN 10 WHEN (old.delivered_at - old.sent_at) < 30000 THEN 30 WHEN (old.delivered_at - old.sent_at) < 60000 THEN 60 WHEN (old.delivered_at - old.sent_at) < 300000 THEN 300 WHEN (old.delivered_at - old.sent_at) < 900000 THEN 900 WHEN (old.delivered_at - old.sent_at) < 3600000 THEN 3600 WHEN (old.delivered_at - old.sent_at) < 86400000 THEN 86400 ELSE 0 END AND count <= 0;
  INSERT INTO latency_counts (day, bucket, count) SELECT (new.created_at / 86400000), CASE WHEN (new.delivered_at - new.sent_at) < 1000 THEN 1 WHEN (new.delivered_at - new.sent_at) < 2000 THEN 2 WHEN (new.delivered_at - new.sent_at) < 5000 THEN 5 WHEN (new.delivered_at - new.sent_at) < 10000 THEN 10 WHEN (new.delivered_at - new.sent_at) < 30000 THEN 30 WHEN (new.delivered_at - new.sent_at) < 60000 THEN 60 WHEN (new.delivered_at - new.sent_at) < 300000 THEN 300 WHEN (new.delivered_at - new.sent_at) < 900000 THEN 900 WHEN (new.delivered_at - new.sent_at) < 3600000 THEN 3600 WHEN (new.delivered_at - new.sent_at) < 86400000 THEN 86400 ELSE 0 END, 1 WHERE new.direction = 'outbound' AND new.sent_at IS NOT NULL AND new.delivered_at IS NOT NULL
    ON CONFLICT (day, bucket) DO UPDATE SET count = count + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `analytics_message_status` AFTER UPDATE OF status, error_code ON `messages` WHEN old.status IS NOT new.status OR old.error_code IS NOT new.error_code BEGIN
  UPDATE status_counts SET count = count - 1 WHERE old.direction = 'outbound' AND day = (old.created_at / 86400000) AND status = old.status;
  DELETE FROM status_counts WHERE day = (old.created_at / 86400000) AND status = old.status AND count <= 0;
  INSERT INTO status_counts (day, status, count) SELECT (new.created_at / 86400000), new.status, 1 WHERE new.direction = 'outbound'
    ON CONFLICT (day, status) DO UPDATE SET count = count + 1;
  UPDATE error_counts SET count = count - 1 WHERE old.direction = 'outbound' AND old.status IN ('failed', 'undelivered') AND old.error_code IS NOT NULL AND day = (old.created_at / 86400000) AND error_code = old.error_code;
  DELETE FROM error_counts WHERE day = (old.created_at / 86400000) AND error_code = old.error_code AND count <= 0;
  INSERT INTO error_counts (day, error_code, count) SELECT (new.created_at / 86400000), new.error_code, 1 WHERE new.direction = 'outbound' AND new.status IN ('failed', 'undelivered') AND new.error_code IS NOT NULL
    ON CONFLICT (day, error_code) DO UPDATE SET count = count + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `analytics_message_latency` AFTER UPDATE OF sent_at, delivered_at ON `messages` WHEN old.sent_at IS NOT new.sent_at OR old.delivered_at IS NOT new.delivered_at BEGIN
  UPDATE latency_counts SET count = count - 1 WHERE old.direction = 'outbound' AND old.sent_at IS NOT NULL AND old.delivered_at IS NOT NULL AND day = (old.created_at / 86400000) AND bucket = CASE WHEN (old.delivered_at - old.sent_at) < 1000 THEN 1 WHEN (old.delivered_at - old.sent_at) < 2000 THEN 2 WHEN (old.delivered_at - old.sent_at) < 5000 THEN 5 WHEN (old.delivered_at - old.sent_at) < 10000 THEN 10 WHEN (old.delivered_at - old.sent_at) < 30000 THEN 30 WHEN (old.delivered_at - old.sent_at) < 60000 THEN 60 WHEN (old.delivered_at - old.sent_at) < 300000 THEN 300 WHEN (old.delivered_at - old.sent_at) < 900000 THEN 900 WHEN (old.delivered_at - old.sent_at) < 3600000 THEN 3600 WHEN (old.delivered_at - old.sent_at) < 86400000 THEN 86400 ELSE 0 END;
  DELETE FROM latency_counts WHERE day = (old.created_at / 86400000) AND bucket = CASE WHEN (old.delivered_at - old.sent_at) < 1000 THEN 1 WHEN (old.delivered_at - old.sent_at) < 2000 THEN 2 WHEN (old.delivered_at - old.sent_at) < 5000 THEN 5 WHEN (old.delivered_at - old.sent_at) < 10000 THEN 10 WHEN (old.delivered_at - old.sent_at) < 30000 THEN 30 WHEN (old.delivered_at - old.sent_at) < 60000 THEN 60 WHEN (old.delivered_at - old.sent_at) < 300000 THEN 300 WHEN (old.delivered_at - old.sent_at) < 900000 THEN 900 WHEN (old.delivered_at - old.sent_at) < 3600000 THEN 3600 WHEN (old.delivered_at - old.sent_at) < 86400000 THEN 86400 ELSE 0 END AND count <= 0;
  INSERT INTO latency_counts (day, bucket, count) SELECT (new.created_at / 86400000), CASE WHEN (new.delivered_at - new.sent_at) < 1000 THEN 1 WHEN (new.delivered_at - new.sent_at) < 2000 THEN 2 WHEN (new.delivered_at - new.sent_at) < 5000 THEN 5 WHEN (new.delivered_at - new.sent_at) < 10000 THEN 10 WHEN (new.delivered_at - new.sent_at) < 30000 THEN 30 WHEN (new.delivered_at - new.sent_at) < 60000 THEN 60 WHEN (new.delivered_at - new.sent_at) < 300000 THEN 300 WHEN (new.delivered_at - new.sent_at) < 900000 THEN 900 WHEN (new.delivered_at - new.sent_at) < 3600000 THEN 3600 WHEN (new.delivered_at - new.sent_at) < 86400000 THEN 86400 ELSE 0 END, 1 WHERE new.direction = 'outbound' AND new.sent_at IS NOT NULL AND new.delivered_at IS NOT NULL
    ON CONFLICT (day, bucket) DO UPDATE SET count = count + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `analytics_message_sender` AFTER UPDATE OF contact_id ON `messages` WHEN old.contact_id IS NOT new.contact_id BEGIN
  UPDATE daily_senders SET count = count - 1 WHERE old.direction = 'inbound' AND old.contact_id IS NOT NULL AND day = (old.created_at / 86400000) AND contact_id = old.contact_id;
  DELETE FROM daily_senders WHERE day = (old.created_at / 86400000) AND contact_id = old.contact_id AND count <= 0;
  INSERT INTO daily_senders (day, contact_id, count) SELECT (new.created_at / 86400000), new.contact_id, 1 WHERE new.direction = 'inbound' AND new.contact_id IS NOT NULL
    ON CONFLICT (day, contact_id) DO UPDATE SET count = count + 1;
END;
--> statement-breakpoint
INSERT INTO message_counts (day, direction, kind, count) SELECT (m.created_at / 86400000), m.direction, CASE WHEN m.direction = 'inbound' THEN coalesce(m.command, '') WHEN m.reply_to_id IS NOT NULL THEN 'reply' ELSE 'message' END, count(*) FROM messages m GROUP BY 1, 2, 3;
--> statement-breakpoint
INSERT INTO hourly_counts (hour, direction, count) SELECT (m.created_at / 3600000) * 3600000, m.direction, count(*) FROM messages m GROUP BY 1, 2;
--> statement-breakpoint
INSERT INTO status_counts (day, status, count) SELECT (m.created_at / 86400000), m.status, count(*) FROM messages m WHERE m.direction = 'outbound' GROUP BY 1, 2;
--> statement-breakpoint
INSERT INTO error_counts (day, error_code, count) SELECT (m.created_at / 86400000), m.error_code, count(*) FROM messages m WHERE m.direction = 'outbound' AND m.status IN ('failed', 'undelivered') AND m.error_code IS NOT NULL GROUP BY 1, 2;
--> statement-breakpoint
INSERT INTO daily_senders (day, contact_id, count) SELECT (m.created_at / 86400000), m.contact_id, count(*) FROM messages m WHERE m.direction = 'inbound' AND m.contact_id IS NOT NULL GROUP BY 1, 2;
--> statement-breakpoint
INSERT INTO latency_counts (day, bucket, count) SELECT (m.created_at / 86400000), CASE WHEN (m.delivered_at - m.sent_at) < 1000 THEN 1 WHEN (m.delivered_at - m.sent_at) < 2000 THEN 2 WHEN (m.delivered_at - m.sent_at) < 5000 THEN 5 WHEN (m.delivered_at - m.sent_at) < 10000 THEN 10 WHEN (m.delivered_at - m.sent_at) < 30000 THEN 30 WHEN (m.delivered_at - m.sent_at) < 60000 THEN 60 WHEN (m.delivered_at - m.sent_at) < 300000 THEN 300 WHEN (m.delivered_at - m.sent_at) < 900000 THEN 900 WHEN (m.delivered_at - m.sent_at) < 3600000 THEN 3600 WHEN (m.delivered_at - m.sent_at) < 86400000 THEN 86400 ELSE 0 END, count(*) FROM messages m WHERE m.direction = 'outbound' AND m.sent_at IS NOT NULL AND m.delivered_at IS NOT NULL GROUP BY 1, 2;
