import type { FigureKind, FigureSource, FigureValue, ServedFigure } from '@canbao/shared/registry/figures'
import type { D1Database } from '../env'
import { camelAll, camelRow, rowsOf } from './rows'

interface FigureRow {
  region: string
  year: number
  kind: FigureKind
  valueJson: string
  docNo: string
  docTitle: string
  issuer: string
  issuedOn: string
  link: string | null
  status: 'published' | 'demo'
  publishedAt: string
}

export interface ProposalRow {
  id: string
  region: string
  year: number
  kind: FigureKind
  valueJson: string
  docNo: string
  docTitle: string
  issuer: string
  issuedOn: string
  link: string | null
  beforeJson: string | null
  periodStarted: number
  reason: string | null
  status: 'pending' | 'approved' | 'rejected' | 'superseded'
  proposedBy: string
  proposedAt: string
  decidedBy: string | null
  decidedAt: string | null
  decisionNote: string | null
}

export interface EventRow {
  seq: number
  region: string
  year: number
  kind: FigureKind
  proposalId: string | null
  action: 'proposed' | 'approved' | 'rejected' | 'superseded' | 'replaced'
  actor: string
  at: string
  beforeJson: string | null
  afterJson: string | null
  note: string | null
}

const FIGURE_COLUMNS =
  'region, year, kind, value_json, doc_no, doc_title, issuer, issued_on, link, status, published_at'

const sourceOf = (r: Pick<FigureRow, 'docNo' | 'docTitle' | 'issuer' | 'issuedOn' | 'link'>): FigureSource => ({
  docNo: r.docNo,
  title: r.docTitle,
  issuer: r.issuer,
  issuedOn: r.issuedOn,
  link: r.link,
})

function toServed(r: FigureRow): ServedFigure {
  return {
    region: r.region,
    year: r.year,
    kind: r.kind,
    value: JSON.parse(r.valueJson) as FigureValue,
    source: sourceOf(r),
    status: r.status,
    publishedAt: r.publishedAt,
  }
}

export { sourceOf as proposalSource }

export async function registryVersion(db: D1Database): Promise<{ version: number; updatedAt: string }> {
  const row = await db
    .prepare('SELECT version, updated_at FROM region_registry_version WHERE id = 1')
    .first<{ version: number; updatedAt: string }>()
    .then(camelRow)
  return { version: row?.version ?? 0, updatedAt: row?.updatedAt ?? '' }
}

/** Every served figure and the version they belong to, read in one snapshot. */
export async function allFigures(
  db: D1Database,
): Promise<{ version: number; updatedAt: string; figures: ServedFigure[] }> {
  const [version, figures] = await db.batch([
    db.prepare('SELECT version, updated_at FROM region_registry_version WHERE id = 1'),
    db.prepare(`SELECT ${FIGURE_COLUMNS} FROM region_figures ORDER BY region, year, kind`),
  ])
  const v = rowsOf<{ version: number; updatedAt: string }>(version)[0] ?? null
  return {
    version: v?.version ?? 0,
    updatedAt: v?.updatedAt ?? '',
    figures: rowsOf<FigureRow>(figures).map(toServed),
  }
}

export async function figuresOfRegion(db: D1Database, region: string): Promise<ServedFigure[]> {
  const { results } = await db
    .prepare(`SELECT ${FIGURE_COLUMNS} FROM region_figures WHERE region = ?1 ORDER BY year, kind`)
    .bind(region)
    .all<FigureRow>()
    .then(camelAll)
  return results.map(toServed)
}

export async function servedValue(
  db: D1Database,
  region: string,
  year: number,
  kind: FigureKind,
): Promise<string | null> {
  const row = await db
    .prepare('SELECT value_json FROM region_figures WHERE region = ?1 AND year = ?2 AND kind = ?3')
    .bind(region, year, kind)
    .first<{ valueJson: string }>()
    .then(camelRow)
  return row?.valueJson ?? null
}

export async function getProposal(db: D1Database, id: string): Promise<ProposalRow | null> {
  return db.prepare('SELECT * FROM region_figure_proposals WHERE id = ?1').bind(id).first<ProposalRow>().then(camelRow)
}

export async function proposalsOfRegion(db: D1Database, region: string, limit: number): Promise<ProposalRow[]> {
  const { results } = await db
    .prepare(
      `SELECT * FROM region_figure_proposals WHERE region = ?1 ORDER BY (status = 'pending') DESC, proposed_at DESC
        LIMIT ?2`,
    )
    .bind(region, limit)
    .all<ProposalRow>()
    .then(camelAll)
  return results
}

export async function eventsOfRegion(db: D1Database, region: string, limit: number): Promise<EventRow[]> {
  const { results } = await db
    .prepare('SELECT * FROM region_figure_events WHERE region = ?1 ORDER BY seq DESC LIMIT ?2')
    .bind(region, limit)
    .all<EventRow>()
    .then(camelAll)
  return results
}

export interface NewProposal {
  id: string
  region: string
  year: number
  kind: FigureKind
  valueJson: string
  source: FigureSource
  beforeJson: string | null
  periodStarted: boolean
  reason: string | null
  by: string
  at: string
}

/** Files a proposal; a proposal already waiting for the same figure is superseded by it (kept, with an event). */
export async function insertProposal(db: D1Database, p: NewProposal): Promise<void> {
  const s = p.source
  await db.batch([
    db
      .prepare(
        `INSERT INTO region_figure_events (region, year, kind, proposal_id, action, actor, at, before_json, after_json,
          note)
         SELECT region, year, kind, id, 'superseded', ?5, ?6, value_json, ?4, '被新的提议取代'
           FROM region_figure_proposals
         WHERE region = ?1 AND year = ?2 AND kind = ?3 AND status = 'pending'`,
      )
      .bind(p.region, p.year, p.kind, p.valueJson, p.by, p.at),
    db
      .prepare(
        `UPDATE region_figure_proposals SET status = 'superseded', decided_at = ?4 WHERE region = ?1 AND year = ?2
          AND kind = ?3 AND status = 'pending'`,
      )
      .bind(p.region, p.year, p.kind, p.at),
    db
      .prepare(
        `INSERT INTO region_figure_proposals (id, region, year, kind, value_json, doc_no, doc_title, issuer, issued_on,
          link, before_json, period_started, reason, status, proposed_by, proposed_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, 'pending', ?14, ?15)`,
      )
      .bind(
        p.id,
        p.region,
        p.year,
        p.kind,
        p.valueJson,
        s.docNo,
        s.title,
        s.issuer,
        s.issuedOn,
        s.link,
        p.beforeJson,
        p.periodStarted ? 1 : 0,
        p.reason,
        p.by,
        p.at,
      ),
    db
      .prepare(
        `INSERT INTO region_figure_events (region, year, kind, proposal_id, action, actor, at, before_json, after_json,
          note) VALUES (?1, ?2, ?3, ?4, 'proposed', ?5, ?6, ?7, ?8, ?9)`,
      )
      .bind(p.region, p.year, p.kind, p.id, p.by, p.at, p.beforeJson, p.valueJson, p.reason),
  ])
}

/**
 * The first statement of a decision, the same for approve and reject: only a waiting proposal changes, and never
 * by its own proposer (four eyes). What follows it differs, so each decision keeps its own batch.
 */
function decideStatement(
  db: D1Database,
  id: string,
  status: 'approved' | 'rejected',
  by: string,
  at: string,
  note: string | null,
) {
  return db
    .prepare(
      `UPDATE region_figure_proposals SET status = ?5, decided_by = ?2, decided_at = ?3, decision_note = ?4
       WHERE id = ?1 AND status = 'pending' AND proposed_by <> ?2`,
    )
    .bind(id, by, at, note, status)
}

/**
 * Approves a waiting proposal: the figure it replaces is recorded (before → after), the proposal becomes the
 * served figure and the registry's version goes up — all or nothing. False when the proposal was no longer
 * waiting (decided or superseded in the meantime) or the approver is its proposer.
 */
export async function approveProposal(
  db: D1Database,
  id: string,
  by: string,
  at: string,
  note: string | null,
): Promise<boolean> {
  const results = await db.batch([
    decideStatement(db, id, 'approved', by, at, note),
    db
      .prepare(
        `INSERT INTO region_figure_events (region, year, kind, proposal_id, action, actor, at, before_json, after_json,
          note)
         SELECT f.region, f.year, f.kind, p.id, 'replaced', ?2, ?3, f.value_json, p.value_json, NULL
         FROM region_figures f JOIN region_figure_proposals p ON p.region = f.region AND p.year = f.year
           AND p.kind = f.kind
         WHERE p.id = ?1 AND p.status = 'approved' AND p.decided_at = ?3 AND p.decided_by = ?2`,
      )
      .bind(id, by, at),
    db
      .prepare(
        `INSERT INTO region_figures (region, year, kind, value_json, doc_no, doc_title, issuer, issued_on, link, status,
          proposal_id, published_at)
         SELECT region, year, kind, value_json, doc_no, doc_title, issuer, issued_on, link, 'published', id, ?3
           FROM region_figure_proposals
         WHERE id = ?1 AND status = 'approved' AND decided_at = ?3 AND decided_by = ?2
         ON CONFLICT (region, year, kind) DO UPDATE SET value_json = excluded.value_json, doc_no = excluded.doc_no,
           doc_title = excluded.doc_title,
           issuer = excluded.issuer, issued_on = excluded.issued_on, link = excluded.link, status = 'published',
             proposal_id = excluded.proposal_id, published_at = excluded.published_at`,
      )
      .bind(id, by, at),
    db
      .prepare(
        `INSERT INTO region_figure_events (region, year, kind, proposal_id, action, actor, at, before_json, after_json,
          note)
         SELECT region, year, kind, id, 'approved', ?2, ?3, before_json, value_json, ?4 FROM region_figure_proposals
         WHERE id = ?1 AND status = 'approved' AND decided_at = ?3 AND decided_by = ?2`,
      )
      .bind(id, by, at, note),
    db
      .prepare(
        `UPDATE region_registry_version SET version = version + 1, updated_at = ?2
         WHERE id = 1 AND EXISTS (SELECT 1 FROM region_figure_proposals WHERE id = ?1 AND status = 'approved'
           AND decided_at = ?2 AND decided_by = ?3)`,
      )
      .bind(id, at, by),
  ])
  return (results[0]?.meta.changes ?? 0) === 1
}

export async function rejectProposal(
  db: D1Database,
  id: string,
  by: string,
  at: string,
  note: string,
): Promise<boolean> {
  const results = await db.batch([
    decideStatement(db, id, 'rejected', by, at, note),
    db
      .prepare(
        `INSERT INTO region_figure_events (region, year, kind, proposal_id, action, actor, at, before_json, after_json,
          note)
         SELECT region, year, kind, id, 'rejected', ?2, ?3, before_json, value_json, ?4 FROM region_figure_proposals
         WHERE id = ?1 AND status = 'rejected' AND decided_at = ?3 AND decided_by = ?2`,
      )
      .bind(id, by, at, note),
  ])
  return (results[0]?.meta.changes ?? 0) === 1
}
