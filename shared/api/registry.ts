// The office page's view of the region figure registry (GET /api/office/figures) and its answers.

import * as v from 'valibot'
import { FIGURE_KINDS } from '../registry/figures'

const SourceSchema = v.object({
  docNo: v.string(),
  title: v.string(),
  issuer: v.string(),
  issuedOn: v.string(),
  link: v.nullable(v.string()),
})

export const OfficeFigureSchema = v.object({
  kind: v.picklist(FIGURE_KINDS),
  labelZh: v.string(),
  status: v.picklist(['published', 'demo', 'missing']),
  value: v.unknown(),
  valueZh: v.nullable(v.string()),
  source: v.nullable(SourceSchema),
  publishedAt: v.nullable(v.string()),
})

export const OfficeProposalSchema = v.object({
  id: v.string(),
  region: v.string(),
  year: v.number(),
  kind: v.picklist(FIGURE_KINDS),
  labelZh: v.string(),
  value: v.unknown(),
  valueZh: v.string(),
  beforeZh: v.nullable(v.string()),
  source: SourceSchema,
  periodStarted: v.boolean(),
  reason: v.nullable(v.string()),
  status: v.picklist(['pending', 'approved', 'rejected', 'superseded']),
  proposedBy: v.string(),
  proposedByMe: v.boolean(),
  proposedAt: v.string(),
  decidedBy: v.nullable(v.string()),
  decidedAt: v.nullable(v.string()),
  note: v.nullable(v.string()),
})
export type OfficeProposal = v.InferOutput<typeof OfficeProposalSchema>

export const OfficeFigureEventSchema = v.object({
  seq: v.number(),
  year: v.number(),
  kind: v.picklist(FIGURE_KINDS),
  action: v.picklist(['proposed', 'approved', 'rejected', 'superseded', 'replaced']),
  actor: v.string(),
  at: v.string(),
  beforeZh: v.nullable(v.string()),
  afterZh: v.nullable(v.string()),
  note: v.nullable(v.string()),
})

export const OfficeFiguresResponseSchema = v.object({
  region: v.string(),
  regionNameZh: v.string(),
  me: v.string(),
  years: v.array(
    v.object({
      year: v.number(),
      periodStarted: v.boolean(),
      periodEnded: v.boolean(),
      figures: v.array(OfficeFigureSchema),
      missingZh: v.array(v.string()),
    }),
  ),
  proposals: v.array(OfficeProposalSchema),
  events: v.array(OfficeFigureEventSchema),
})
export type OfficeFiguresResponse = v.InferOutput<typeof OfficeFiguresResponseSchema>

export const OfficeProposalResponseSchema = v.object({ proposal: OfficeProposalSchema })
