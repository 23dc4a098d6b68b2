-- CreateTable
CREATE TABLE "rollup_node" (
    "directive_id" TEXT NOT NULL,
    "unit_id" TEXT NOT NULL,
    "parent_unit_id" TEXT,
    "own_expected" BOOLEAN NOT NULL DEFAULT false,
    "own_figures" JSONB,
    "own_review" TEXT NOT NULL DEFAULT 'none',
    "figures" JSONB NOT NULL DEFAULT '{}',
    "pending" JSONB NOT NULL DEFAULT '{}',
    "reported" INTEGER NOT NULL DEFAULT 0,
    "expected" INTEGER NOT NULL DEFAULT 0,
    "status_counts" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "rollup_node_pkey" PRIMARY KEY ("directive_id","unit_id")
);

-- CreateIndex
CREATE INDEX "rollup_node_directive_id_parent_unit_id_idx" ON "rollup_node"("directive_id", "parent_unit_id");


-- The rollup's aggregates are kept by the database itself, in the transaction of the write that
-- changes them, so no code path can forget them and concurrent writers cannot lose an update:
-- recomputing a unit locks its row first, then reads its children, bottom-up (no deadlock: every
-- writer locks along its own path in the same order). A commune's report costs one recompute per
-- level above it, and an acknowledgement costs nothing (it changes no figure).
-- Function bodies spell their semicolons as \073 (Prisma's driver adapter splits at every semicolon).

CREATE FUNCTION "rollup_recompute"(d text, u text) RETURNS void LANGUAGE plpgsql AS
    E'DECLARE n rollup_node%ROWTYPE\073 own jsonb\073 c_reported int\073 c_expected int\073 c_figures jsonb\073 c_pending jsonb\073 c_status jsonb\073 BEGIN SELECT * INTO n FROM rollup_node WHERE directive_id = d AND unit_id = u FOR UPDATE\073 IF NOT FOUND THEN RETURN\073 END IF\073 SELECT coalesce(sum(c.reported), 0), coalesce(sum(c.expected), 0) INTO c_reported, c_expected FROM rollup_node c WHERE c.directive_id = d AND c.parent_unit_id = u\073 SELECT coalesce(jsonb_object_agg(x.k, x.s), ''{}''::jsonb) INTO c_figures FROM ( SELECT e.key AS k, sum(e.value::numeric) AS s FROM rollup_node c CROSS JOIN LATERAL jsonb_each_text(c.figures) e WHERE c.directive_id = d AND c.parent_unit_id = u GROUP BY e.key) x\073 SELECT coalesce(jsonb_object_agg(x.k, true), ''{}''::jsonb) INTO c_pending FROM ( SELECT DISTINCT e.k FROM rollup_node c CROSS JOIN LATERAL jsonb_object_keys(c.pending) AS e(k) WHERE c.directive_id = d AND c.parent_unit_id = u) x\073 SELECT coalesce(jsonb_object_agg(x.k, x.s), ''{}''::jsonb) INTO c_status FROM ( SELECT e.key AS k, sum(e.value::int) AS s FROM rollup_node c CROSS JOIN LATERAL jsonb_each_text(c.status_counts) e WHERE c.directive_id = d AND c.parent_unit_id = u GROUP BY e.key) x\073 own := CASE WHEN n.own_expected THEN n.own_figures ELSE NULL END\073 IF own IS NOT NULL THEN c_pending := c_pending - ARRAY(SELECT jsonb_object_keys(own))\073 IF n.own_review <> ''accepted'' THEN c_pending := c_pending || (SELECT coalesce(jsonb_object_agg(k, true), ''{}''::jsonb) FROM jsonb_object_keys(own) AS k)\073 END IF\073 END IF\073 IF n.own_expected THEN c_status := c_status || jsonb_build_object(n.own_review, coalesce((c_status ->> n.own_review)::int, 0) + 1)\073 END IF\073 UPDATE rollup_node SET figures = c_figures || coalesce(own, ''{}''::jsonb), pending = c_pending, reported = c_reported + (own IS NOT NULL)::int, expected = c_expected + n.own_expected::int, status_counts = c_status WHERE directive_id = d AND unit_id = u\073 END\073';

CREATE FUNCTION "rollup_refresh_up"(d text, u text) RETURNS void LANGUAGE plpgsql AS
    E'DECLARE ids text[]\073 BEGIN SELECT string_to_array(path, ''/'') INTO ids FROM unit WHERE id = u\073 IF ids IS NULL THEN RETURN\073 END IF\073 FOR i IN REVERSE array_length(ids, 1)..1 LOOP PERFORM rollup_recompute(d, ids[i])\073 END LOOP\073 END\073';

CREATE FUNCTION "rollup_assignment_changed"() RETURNS trigger LANGUAGE plpgsql AS
    E'DECLARE ids text[]\073 is_expected boolean\073 BEGIN SELECT string_to_array(u.path, ''/''), (NEW.state <> ''recalled'' AND u.kind = ''people_committee'') INTO ids, is_expected FROM unit u WHERE u.id = NEW.unit_id\073 IF ids IS NULL THEN RETURN NULL\073 END IF\073 IF TG_OP = ''INSERT'' THEN INSERT INTO rollup_node (directive_id, unit_id, parent_unit_id) SELECT NEW.directive_id, ids[i], CASE WHEN i > 1 THEN ids[i - 1] END FROM generate_subscripts(ids, 1) AS i ORDER BY i ON CONFLICT DO NOTHING\073 END IF\073 UPDATE rollup_node SET own_expected = is_expected WHERE directive_id = NEW.directive_id AND unit_id = NEW.unit_id AND own_expected IS DISTINCT FROM is_expected\073 IF FOUND THEN PERFORM rollup_refresh_up(NEW.directive_id, NEW.unit_id)\073 END IF\073 RETURN NULL\073 END\073';

CREATE FUNCTION "rollup_report_changed"() RETURNS trigger LANGUAGE plpgsql AS
    E'DECLARE a record\073 latest record\073 BEGIN SELECT directive_id, unit_id INTO a FROM assignment WHERE id = NEW.assignment_id\073 IF NOT FOUND THEN RETURN NULL\073 END IF\073 SELECT r.figures, r.review INTO latest FROM report r WHERE r.assignment_id = NEW.assignment_id ORDER BY r.version DESC LIMIT 1\073 UPDATE rollup_node SET own_figures = latest.figures, own_review = latest.review WHERE directive_id = a.directive_id AND unit_id = a.unit_id AND (own_figures IS DISTINCT FROM latest.figures OR own_review IS DISTINCT FROM latest.review)\073 IF FOUND THEN PERFORM rollup_refresh_up(a.directive_id, a.unit_id)\073 END IF\073 RETURN NULL\073 END\073';

CREATE TRIGGER "rollup_assignment" AFTER INSERT OR UPDATE OF "state" ON "assignment"
    FOR EACH ROW EXECUTE FUNCTION "rollup_assignment_changed"();

CREATE TRIGGER "rollup_report" AFTER INSERT OR UPDATE OF "figures", "review" ON "report"
    FOR EACH ROW EXECUTE FUNCTION "rollup_report_changed"();

-- Directives issued before this migration: their nodes, own states and latest reports, then every
-- node recomputed from the deepest up.
INSERT INTO "rollup_node" ("directive_id", "unit_id", "parent_unit_id")
    SELECT DISTINCT a."directive_id", p.ids[i], CASE WHEN i > 1 THEN p.ids[i - 1] END
    FROM "assignment" a JOIN "unit" u ON u."id" = a."unit_id"
    CROSS JOIN LATERAL (SELECT string_to_array(u."path", '/') AS ids) p
    CROSS JOIN LATERAL generate_subscripts(p.ids, 1) AS i
    ON CONFLICT DO NOTHING;

UPDATE "rollup_node" n SET "own_expected" = (a."state" <> 'recalled' AND u."kind" = 'people_committee')
    FROM "assignment" a JOIN "unit" u ON u."id" = a."unit_id"
    WHERE a."directive_id" = n."directive_id" AND a."unit_id" = n."unit_id";

UPDATE "rollup_node" n SET "own_figures" = r."figures", "own_review" = r."review"
    FROM "assignment" a JOIN LATERAL (
        SELECT r."figures", r."review" FROM "report" r WHERE r."assignment_id" = a."id" ORDER BY r."version" DESC LIMIT 1
    ) r ON true
    WHERE a."directive_id" = n."directive_id" AND a."unit_id" = n."unit_id";

CREATE FUNCTION "rollup_rebuild_all"() RETURNS void LANGUAGE plpgsql AS
    E'DECLARE r record\073 BEGIN FOR r IN SELECT n.directive_id, n.unit_id FROM rollup_node n JOIN unit u ON u.id = n.unit_id ORDER BY u.depth DESC LOOP PERFORM rollup_recompute(r.directive_id, r.unit_id)\073 END LOOP\073 END\073';


SELECT "rollup_rebuild_all"();
