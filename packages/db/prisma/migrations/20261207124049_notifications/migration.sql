-- CreateTable
CREATE TABLE "notification_event" (
    "id" BIGSERIAL NOT NULL,
    "key" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "directive_id" TEXT NOT NULL,
    "assignment_id" TEXT,
    "unit_id" TEXT NOT NULL,
    "recipient_unit_id" TEXT,
    "data" JSONB NOT NULL DEFAULT '{}',
    "expanded_at" TIMESTAMPTZ(3),

    CONSTRAINT "notification_event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "notification" (
    "id" BIGSERIAL NOT NULL,
    "event_id" BIGINT NOT NULL,
    "user_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "directive_id" TEXT NOT NULL,
    "assignment_id" TEXT,
    "unit_id" TEXT NOT NULL,
    "data" JSONB NOT NULL DEFAULT '{}',
    "urgent" BOOLEAN NOT NULL DEFAULT false,
    "read_at" TIMESTAMPTZ(3),

    CONSTRAINT "notification_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "notification_delivery" (
    "id" BIGSERIAL NOT NULL,
    "notification_id" BIGINT NOT NULL,
    "user_id" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "not_before" TIMESTAMPTZ(3) NOT NULL,
    "digest" BOOLEAN NOT NULL DEFAULT false,
    "digest_key" TEXT,
    "address" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_attempt_at" TIMESTAMPTZ(3),
    "done_at" TIMESTAMPTZ(3),
    "reason" TEXT,
    "provider_id" TEXT,
    "fallback_of" BIGINT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "notification_delivery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "contact_point" (
    "user_id" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "verified_at" TIMESTAMPTZ(3),
    "code_hash" TEXT,
    "code_expires_at" TIMESTAMPTZ(3),
    "code_attempts" INTEGER NOT NULL DEFAULT 0,
    "codes_sent_at" TIMESTAMPTZ(3)[],
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "contact_point_pkey" PRIMARY KEY ("user_id","channel")
);

-- CreateTable
CREATE TABLE "push_subscription" (
    "endpoint" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "p256dh" TEXT NOT NULL,
    "auth" TEXT NOT NULL,
    "user_agent" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expired_at" TIMESTAMPTZ(3),

    CONSTRAINT "push_subscription_pkey" PRIMARY KEY ("endpoint")
);

-- CreateTable
CREATE TABLE "notification_preference" (
    "user_id" TEXT NOT NULL,
    "settings" JSONB NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "notification_preference_pkey" PRIMARY KEY ("user_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "notification_event_key_key" ON "notification_event"("key");

-- CreateIndex
CREATE INDEX "notification_event_expanded_at_id_idx" ON "notification_event"("expanded_at", "id");

-- CreateIndex
CREATE INDEX "notification_user_id_id_idx" ON "notification"("user_id", "id");

-- CreateIndex
CREATE UNIQUE INDEX "notification_event_id_user_id_key" ON "notification"("event_id", "user_id");

-- CreateIndex
CREATE INDEX "notification_delivery_state_not_before_idx" ON "notification_delivery"("state", "not_before");

-- CreateIndex
CREATE INDEX "notification_delivery_user_id_id_idx" ON "notification_delivery"("user_id", "id");

-- CreateIndex
CREATE UNIQUE INDEX "notification_delivery_notification_id_channel_key" ON "notification_delivery"("notification_id", "channel");

-- CreateIndex
CREATE INDEX "push_subscription_user_id_idx" ON "push_subscription"("user_id");

-- Function bodies spell their semicolons as \073 (Prisma's driver adapter splits at every semicolon).
-- The outbox is written by triggers, in the transaction of the event itself: an event that rolls
-- back leaves no notification, and no code path that records an event can forget one. Each row's
-- key makes a retried write (ON CONFLICT DO NOTHING) a no-op. pg_notify wakes the dispatcher at
-- commit (and never for a rolled-back transaction).

CREATE FUNCTION notification_outbox(p_key text, p_kind text, p_at timestamptz, p_directive text, p_assignment text, p_unit text, p_recipient text, p_data jsonb)
RETURNS void LANGUAGE plpgsql AS E'
BEGIN
  INSERT INTO notification_event (key, kind, at, directive_id, assignment_id, unit_id, recipient_unit_id, data)
  VALUES (p_key, p_kind, p_at, p_directive, p_assignment, p_unit, p_recipient, COALESCE(p_data, ''{}''::jsonb))
  ON CONFLICT (key) DO NOTHING\073
  PERFORM pg_notify(''chidao_notifications'', '''')\073
END ';

-- A new task for a unit, and a recall that ends it.
CREATE FUNCTION notify_assignment() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  IF TG_OP = ''INSERT'' THEN
    PERFORM notification_outbox(''issued:'' || NEW.id, ''task.new'', NEW.issued_at, NEW.directive_id, NEW.id, NEW.unit_id, NULL,
      jsonb_build_object(''role'', NEW.role, ''parentUnitId'', NEW.parent_unit_id))\073
  ELSIF NEW.state = ''recalled'' AND OLD.state IS DISTINCT FROM ''recalled'' THEN
    PERFORM notification_outbox(''recalled:'' || NEW.id, ''directive.recalled'', COALESCE(NEW.closed_at, now()), NEW.directive_id, NEW.id, NEW.unit_id, NULL, ''{}''::jsonb)\073
  END IF\073
  RETURN NULL\073
END ';
CREATE TRIGGER assignment_notify AFTER INSERT OR UPDATE OF state ON assignment FOR EACH ROW EXECUTE FUNCTION notify_assignment();

-- What a workflow records on an assignment's timeline: reminders, requests and decisions, amended
-- deadlines, urgings. Other kinds (forwarded, succeeds …) tell nobody.
CREATE FUNCTION notify_assignment_event() RETURNS trigger LANGUAGE plpgsql AS E'
DECLARE a record\073
BEGIN
  IF NEW.kind = ''reminder'' OR NEW.kind LIKE ''extension.%'' OR NEW.kind LIKE ''explanation.%'' OR NEW.kind LIKE ''adjustment.%''
     OR NEW.kind IN (''deadline.amended'', ''acknowledgement.amended'', ''assignment.urged'') THEN
    SELECT directive_id, unit_id, parent_unit_id INTO a FROM assignment WHERE id = NEW.assignment_id\073
    IF FOUND THEN
      PERFORM notification_outbox(''event:'' || NEW.assignment_id || '':'' || NEW.key, NEW.kind, NEW.at, a.directive_id, NEW.assignment_id, a.unit_id, a.parent_unit_id, NEW.data)\073
    END IF\073
  END IF\073
  RETURN NULL\073
END ';
CREATE TRIGGER assignment_event_notify AFTER INSERT ON assignment_event FOR EACH ROW EXECUTE FUNCTION notify_assignment_event();

-- An escalation reaching a unit's leadership.
CREATE FUNCTION notify_escalation() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  PERFORM notification_outbox(''escalation:'' || NEW.id, ''escalation'', NEW.raised_at, NEW.directive_id, NEW.assignment_id, NEW.unit_id, NEW.recipient_unit_id,
    jsonb_build_object(''escalationId'', NEW.id, ''level'', NEW.level, ''reason'', NEW.reason, ''dueAt'', NEW.due_at))\073
  RETURN NULL\073
END ';
CREATE TRIGGER escalation_notify AFTER INSERT ON escalation FOR EACH ROW EXECUTE FUNCTION notify_escalation();

-- A report sent (its reviewers must look at it) and a report reviewed (its unit learns the outcome).
CREATE FUNCTION notify_report() RETURNS trigger LANGUAGE plpgsql AS E'
DECLARE a record\073
BEGIN
  SELECT directive_id, unit_id, parent_unit_id INTO a FROM assignment WHERE id = NEW.assignment_id\073
  IF NOT FOUND THEN RETURN NULL\073 END IF\073
  IF TG_OP = ''INSERT'' THEN
    PERFORM notification_outbox(''report:'' || NEW.assignment_id || '':'' || NEW.version, ''report.submitted'', NEW.submitted_at, a.directive_id, NEW.assignment_id, a.unit_id, a.parent_unit_id,
      jsonb_build_object(''version'', NEW.version, ''final'', NEW.final, ''period'', NEW.period, ''submittedBy'', NEW.submitted_by))\073
  ELSIF OLD.review = ''pending'' AND NEW.review IN (''accepted'', ''returned'') THEN
    PERFORM notification_outbox(''review:'' || NEW.assignment_id || '':'' || NEW.version, ''report.'' || NEW.review, COALESCE(NEW.reviewed_at, now()), a.directive_id, NEW.assignment_id, a.unit_id, a.parent_unit_id,
      jsonb_build_object(''version'', NEW.version, ''reason'', NEW.review_reason, ''submittedBy'', NEW.submitted_by))\073
  END IF\073
  RETURN NULL\073
END ';
CREATE TRIGGER report_notify AFTER INSERT OR UPDATE OF review ON report FOR EACH ROW EXECUTE FUNCTION notify_report();

-- Codes, contacts and deliveries name only the notification kinds and channels the code knows.
ALTER TABLE "notification_delivery" ADD CONSTRAINT "notification_delivery_channel_check" CHECK (channel IN ('email', 'push', 'sms', 'zalo'));
ALTER TABLE "notification_delivery" ADD CONSTRAINT "notification_delivery_state_check" CHECK (state IN ('pending', 'sending', 'sent', 'delivered', 'failed', 'suppressed'));
ALTER TABLE "contact_point" ADD CONSTRAINT "contact_point_channel_check" CHECK (channel IN ('email', 'sms', 'zalo'));
