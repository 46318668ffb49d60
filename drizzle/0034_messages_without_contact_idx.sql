-- messages_conversation_idx (contact_id, channel, created_at) serves every lookup by contact_id
-- alone, so this index only cost writes: one of the seven index entries each new message makes
-- (bench:journeys, issue 10: the message insert bounds how fast a journey step moves).
DROP INDEX "messages_contact_idx";
