-- Foreign keys to a case, found by index (issue 18, docs/0031). A new
-- case's number is written into its letter at commit, the letter found by
-- its case (0023): without an index that read the whole outbox while every
-- other Send waited for the year's counter, slower with every letter kept.
-- A case removed by the retention job sets its letters' and mail's case to
-- null and takes its messages' files: each of those was a full read too.
CREATE INDEX "outbox_messages_case" ON "outbox_messages" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "case_attachments_message" ON "case_attachments" USING btree ("message_id") WHERE "case_attachments"."message_id" is not null;--> statement-breakpoint
CREATE INDEX "inbound_mail_case" ON "inbound_mail" USING btree ("case_id") WHERE "inbound_mail"."case_id" is not null;