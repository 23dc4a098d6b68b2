import {
  actingRole,
  actingUnitIds,
  assertCanReadUnit,
  canReadCompiledReport,
  canSeeDirective,
  DomainError,
  getUnit,
  issuingRole,
  mayIssueFrom,
  placeUnits,
  type Actor,
  type Hierarchy,
  type Role,
  type RoleGrant,
  type Unit,
} from '@chidao/domain';
import type { AssignmentView, DirectiveSummary, Repositories, UserRecord } from '@chidao/db';

/**
 * Authorization, in one place: every procedure resolves its target through these helpers, which apply
 * the domain's rules (packages/domain/src/access.ts) to the signed-in user's role grants. A refusal is
 * the same NOT_FOUND error as for an id that does not exist, so probing ids learns nothing.
 */

export interface Acting {
  /** The user acting for the unit (what workflow updates check again). */
  readonly actor: Actor;
  /** The role they act in, for the audit trail. */
  readonly role: Role;
}

export function createAccess(deps: { readonly repos: Repositories; readonly user: UserRecord; readonly grants: readonly RoleGrant[] }) {
  const { repos, user, grants } = deps;
  let tree: Promise<Hierarchy> | undefined;
  const hierarchy = () => (tree ??= repos.units.hierarchy());
  const trees = new Map<string, Promise<Hierarchy>>();

  const access = {
    grants,
    hierarchy,

    /** The units the user acts for (their own assignments). */
    actingUnitIds: (): string[] => actingUnitIds(grants),

    /** Acting for a unit (acknowledging its assignment, reviewing what it delivered): UNIT_NOT_FOUND unless the user holds a unit role there. */
    actFor(unitId: string): Acting {
      const role = actingRole(grants, unitId);
      if (!role) throw new DomainError('UNIT_NOT_FOUND', `Not acting for ${unitId}`, { unitId });
      return { actor: { userId: user.id, unitId }, role };
    },

    /**
     * Issuing in a unit's name (the user's own unit by default): only its leadership may. Anyone
     * else is told the unit does not exist, as for any unit they may not act for.
     */
    issueFor(unitId: string = user.unitId): Acting {
      const role = issuingRole(grants, unitId);
      if (!role) throw new DomainError('UNIT_NOT_FOUND', `Not issuing for ${unitId}`, { unitId });
      return { actor: { userId: user.id, unitId }, role };
    },

    /**
     * Issuing in a unit's name to units below it (what `session.me` reports as `mayIssue`): as
     * `issueFor`, and a unit with nobody below (a commune, a department) is refused the same way.
     */
    async issueBelow(unitId: string = user.unitId): Promise<Acting> {
      if (!mayIssueFrom(await hierarchy(), grants, unitId)) throw new DomainError('UNIT_NOT_FOUND', `Not issuing for ${unitId}`, { unitId });
      return access.issueFor(unitId);
    },

    /**
     * The unit a read targets, if the user may read it (within `directiveId`, which lets a directive's
     * coordinator in): UNIT_NOT_FOUND otherwise. Returns the grant that allowed it, for the audit.
     */
    async readUnit(unitId: string, directiveId: string | null = null): Promise<{ unit: Unit; grant: RoleGrant }> {
      const h = directiveId === null ? await hierarchy() : await access.treeOf(directiveId);
      const grant = assertCanReadUnit(h, grants, unitId, directiveId);
      return { unit: getUnit(h, unitId), grant };
    },

    /**
     * The tree a directive runs on: today's map, with a reorganisation's successors under the units
     * their predecessors' tasks came from (placeUnits), so its issuer reads them as its own.
     */
    async treeOf(directiveId: string): Promise<Hierarchy> {
      let tree = trees.get(directiveId);
      if (!tree) {
        tree = Promise.all([hierarchy(), repos.assignments.placements(directiveId)]).then(([h, placements]) => placeUnits(h, placements));
        trees.set(directiveId, tree);
      }
      return tree;
    },

    /** Directives the user may see, newest first. */
    async visibleDirectives(): Promise<DirectiveSummary[]> {
      const [h, all] = await Promise.all([hierarchy(), repos.directives.list()]);
      return all.filter((d) => canSeeDirective(h, grants, d));
    },

    /** One directive the user may see: DIRECTIVE_NOT_FOUND otherwise, whether or not it exists. */
    async directive(directiveId: string): Promise<DirectiveSummary> {
      const found = (await access.visibleDirectives()).find((d) => d.id === directiveId);
      if (!found) throw new DomainError('DIRECTIVE_NOT_FOUND', 'No such directive', { directiveId });
      return found;
    },

    /**
     * A directive whose compiled report the user may read (its coordinator, the issuer's leadership):
     * DIRECTIVE_NOT_FOUND otherwise, as for one that does not exist.
     */
    async compiledReportOf(directiveId: string): Promise<DirectiveSummary> {
      const directive = await access.directive(directiveId);
      if (!canReadCompiledReport(grants, directive)) throw new DomainError('DIRECTIVE_NOT_FOUND', 'No such directive', { directiveId });
      return directive;
    },

    /** An assignment the user may read (its unit, within its directive): ASSIGNMENT_NOT_FOUND otherwise. */
    async assignmentToRead(assignmentId: string): Promise<AssignmentView> {
      const assignment = await repos.assignments.get(assignmentId);
      // Read within its directive's tree: a reorganisation's successor belongs to the issuer there.
      const h = assignment ? await access.treeOf(assignment.directiveId) : null;
      if (!assignment || !h || !h.units.has(assignment.unitId)) throw notFound(assignmentId);
      try {
        assertCanReadUnit(h, grants, assignment.unitId, assignment.directiveId);
      } catch {
        throw notFound(assignmentId);
      }
      return assignment;
    },

    /** An assignment of a unit the user acts for: ASSIGNMENT_NOT_FOUND otherwise (also for one they can only read). */
    async assignmentToActOn(assignmentId: string): Promise<{ assignment: AssignmentView } & Acting> {
      const assignment = await repos.assignments.get(assignmentId);
      const role = assignment ? actingRole(grants, assignment.unitId) : null;
      if (!assignment || !role) throw notFound(assignmentId);
      return { assignment, actor: { userId: user.id, unitId: assignment.unitId }, role };
    },
  };
  return access;
}

export type Access = ReturnType<typeof createAccess>;

const notFound = (assignmentId: string) =>
  new DomainError('ASSIGNMENT_NOT_FOUND', 'No such assignment for this user', { assignmentId });
