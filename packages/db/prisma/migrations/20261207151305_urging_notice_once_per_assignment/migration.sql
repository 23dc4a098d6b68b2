-- An urging names a late unit once, with all its overdue tasks (issue 20), and records one timeline
-- event per named task. The outbox keyed each event on its own, so a ward late on three tasks of one
-- directive heard of one urging three times. The key of an urging's notice is now the urging and the
-- assignment: the first task's event of a transaction writes it, the others find it there
-- (ON CONFLICT DO NOTHING). Reminders, requests, decisions and amendments keep a notice each.
-- Function bodies spell their semicolons as \073 (Prisma's driver adapter splits at every semicolon).
CREATE OR REPLACE FUNCTION notify_assignment_event() RETURNS trigger LANGUAGE plpgsql AS E'
DECLARE a record\073 k text\073
BEGIN
  IF NEW.kind = ''reminder'' OR NEW.kind LIKE ''extension.%'' OR NEW.kind LIKE ''explanation.%'' OR NEW.kind LIKE ''adjustment.%''
     OR NEW.kind IN (''deadline.amended'', ''acknowledgement.amended'', ''assignment.urged'') THEN
    SELECT directive_id, unit_id, parent_unit_id INTO a FROM assignment WHERE id = NEW.assignment_id\073
    IF FOUND THEN
      k := CASE WHEN NEW.kind = ''assignment.urged'' AND NEW.data->>''urgingId'' IS NOT NULL
        THEN ''urged:'' || (NEW.data->>''urgingId'') || '':'' || NEW.assignment_id
        ELSE ''event:'' || NEW.assignment_id || '':'' || NEW.key END\073
      PERFORM notification_outbox(k, NEW.kind, NEW.at, a.directive_id, NEW.assignment_id, a.unit_id, a.parent_unit_id, NEW.data)\073
    END IF\073
  END IF\073
  RETURN NULL\073
END ';
