-- Fills campaign_sends (added empty by 0028) for the campaigns already stored. Each recipient's
-- latest message is all that is left of them (a Remind again replaced the earlier ones), and it was
-- created at its round's time, which is what groups a round's messages. drizzle-kit cannot express
-- a data step: generated empty with `drizzle-kit generate --custom` and written here.
INSERT INTO campaign_sends (campaign_id, recipient_id, message_id, sent_at)
SELECT r.campaign_id, r.id, r.message_id, m.created_at
FROM campaign_recipients r
JOIN messages m ON m.id = r.message_id;
