-- Stop 32 (docs/0030): a message too large to download (IMAP_MAX_MESSAGE_MB)
-- is never fetched; its size, as the mailbox gave it, is kept for the
-- managers' list of mail the portal could not read.
ALTER TABLE "inbound_mail" ADD COLUMN "size_bytes" bigint;