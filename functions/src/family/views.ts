import type { GuardianReview, Member, Payment, YearStatus } from '@canbao/shared/api/family'
import {
  contributionStandard,
  FAMILY_ITEM_ZH,
  itemAllowed,
  payableYears,
  RELATIONSHIP_ZH,
  type FamilyItem,
  type RegionStandard,
} from '@canbao/shared/family/index'
import { formatDate } from '@canbao/shared/policy/dates'
import { provinceRegionCode } from '@canbao/shared/regions'
import { evaluate, resolveParams, isProvinceCode } from '@canbao/shared/policy/index'
import type { D1Database } from '../env'
import { loadResidentData, type ResidentData } from '../db/history'
import {
  isVerified,
  paidYears,
  regionStandards,
  reviewsOf,
  type BindingRow,
  type GuardianReviewRow,
  type PaidRow,
  type PaymentRow,
} from '../db/family'
import { engineOptions, entitlementFor, policyInputFor } from '../domain/entitlement'
import { registrySnapshot, type RegistrySnapshot } from '../registry/snapshot'

/** The standards that can apply to these bindings (their regions and provinces) for these years. */
export async function standardsFor(
  db: D1Database,
  bindings: readonly Pick<BindingRow, 'relative_province' | 'relative_region'>[],
  years: readonly number[],
): Promise<RegionStandard[]> {
  const regions = new Set<string>()
  for (const b of bindings) {
    regions.add(provinceRegionCode(b.relative_province))
    if (b.relative_region) regions.add(b.relative_region)
  }
  return regionStandards(db, [...regions], years)
}

export function amountOf(
  binding: Pick<BindingRow, 'relative_province' | 'relative_region'>,
  year: number,
  item: FamilyItem,
  standards: readonly RegionStandard[],
) {
  if (!isProvinceCode(binding.relative_province)) throw new Error('binding with an unserved province')
  return contributionStandard(binding.relative_province, binding.relative_region ?? undefined, year, item, standards)
}

/** The relative's region's published period (the registry), else the built-in default (D2), and which. */
function periodOf(
  binding: BindingRow,
  year: number,
  registry: RegistrySnapshot,
): Pick<YearStatus, 'deadline' | 'deadlineIsDefault' | 'periodStart'> {
  if (!isProvinceCode(binding.relative_province)) return { deadline: `${year - 1}-12-31` }
  const p = resolveParams(binding.relative_province, binding.relative_region ?? undefined, year, {
    tables: registry.tablesFor(year),
  })
  return {
    deadline: formatDate(p.periodEnd),
    deadlineIsDefault: p.periodIsDefault,
    periodStart: formatDate(p.periodStart),
  }
}

export function guardianReviewView(r: GuardianReviewRow): GuardianReview {
  return {
    status: r.status,
    confirmedBy: r.confirmed_by,
    proofUploaded: r.proof_uploaded_at !== null,
    refusalReason: r.refusal_reason,
    commitmentVersion: r.commitment_version,
    committedAt: r.committed_at,
  }
}

/**
 * The payer's view of their bindings. Only an active binding (the relative consented as the verified holder of
 * the ID number, or the household relation of a child was confirmed) shows anything about the person beyond
 * what the payer typed: paid years, amounts and entitlement stay empty for an invitation, a pending or refused
 * guardian binding, and an unbound one — whether they exist is itself the relative's information.
 */
export async function memberViews(db: D1Database, bindings: readonly BindingRow[], today: string): Promise<Member[]> {
  const registry = await registrySnapshot({ DB: db })
  const years = payableYears(today)
  const visible = bindings.filter((b) => b.status === 'active')
  const [paid, standards, reviews] = await Promise.all([
    paidYears(db, [...new Set(visible.map((b) => b.relative_id_hash))], years),
    standardsFor(db, visible, years),
    reviewsOf(
      db,
      bindings.map((b) => b.id),
    ),
  ])
  const reviewOf = new Map(reviews.map((r) => [r.binding_id, r]))
  const known = await Promise.all(
    bindings.map(async (b) => {
      if (b.status !== 'active' || b.consent_kind !== 'relative' || b.relative_user_id === null) return null
      try {
        const data = await loadResidentData(db, b.relative_user_id)
        // The account that consented must still be the verified holder of the bound ID number.
        if (data.profile?.idHash !== b.relative_id_hash || !(await isVerified(db, b.relative_user_id))) return null
        const e = entitlementFor(data, {}, today, registry).evaluation
        return {
          data,
          entitlement: {
            year: e.year,
            covered: e.covered,
            capYuan: e.capYuan,
            waitingMonths: e.waitingMonths,
            benefitStart: e.benefitStart,
          },
        }
      } catch {
        // the relative has not filled in enough to be answered: the payer sees no figure rather than a wrong one
        return null
      }
    }),
  )
  return bindings.map((b, i) => {
    const review = reviewOf.get(b.id)
    return memberView(
      b,
      b.status === 'active' ? years : [],
      paid,
      standards,
      known[i]?.entitlement ?? null,
      review ? guardianReviewView(review) : null,
      registry,
      (year) => ifPaidToday(known[i]?.data, year, today, registry),
    )
  })
}

/**
 * The payment confirmation's "benefits start on …": the engine evaluates the relative's own history with
 * this year paid today. Without the relative's records there is no answer rather than an optimistic one.
 */
function ifPaidToday(
  data: ResidentData | undefined,
  year: number,
  today: string,
  registry: RegistrySnapshot,
): YearStatus['ifPaidToday'] {
  if (!data) return null
  try {
    const { input } = policyInputFor(data, { year }, today)
    const history = [
      ...input.history.filter((h) => h.year !== year),
      { year, scheme: 'resident' as const, paidOn: today },
    ]
    // The history was just changed here, so the engine validates it in full (not the shape-checked entry).
    const result = evaluate({ ...input, history }, { ...engineOptions(registry, year), shapeChecked: false })
    if (!result.ok) return null
    return { benefitStart: result.value.benefitStart, waitingMonths: result.value.waitingMonths }
  } catch {
    return null
  }
}

function memberView(
  b: BindingRow,
  years: readonly number[],
  paid: readonly PaidRow[],
  standards: readonly RegionStandard[],
  entitlement: Member['entitlement'],
  guardianReview: GuardianReview | null,
  registry: RegistrySnapshot,
  whatIf: (year: number) => YearStatus['ifPaidToday'],
): Member {
  const items: FamilyItem[] = itemAllowed('long-term-care', b.relative_province)
    ? ['resident-contribution', 'long-term-care']
    : ['resident-contribution']
  const rows: Member['years'] = []
  for (const year of years) {
    for (const item of items) {
      const found = paid.filter((p) => p.id_hash === b.relative_id_hash && p.year === year && p.item === item)
      const settled = found.find((p) => p.pending_payment_id === null)
      const pending = found.find((p) => p.pending_payment_id !== null)
      const amount = amountOf(b, year, item, standards)
      rows.push({
        year,
        item,
        paidBy: settled?.paid_by ?? null,
        pendingPaymentId: pending?.pending_payment_id ?? null,
        amountDueFen: amount.ok ? amount.amountFen : null,
        amountSource: amount.ok ? amount.source : null,
        amountIsDemo: amount.ok ? amount.demo : false,
        amountMessage: amount.ok ? null : amount.message,
        ...periodOf(b, year, registry),
        ifPaidToday: settled || pending || item !== 'resident-contribution' ? null : whatIf(year),
      })
    }
  }
  return {
    id: b.id,
    relationship: b.relationship,
    relationshipZh: RELATIONSHIP_ZH[b.relationship],
    name: b.relative_name,
    idNumberMasked: b.relative_id_masked,
    birthDate: b.relative_birth_date,
    province: b.relative_province,
    region: b.relative_region,
    status: b.status,
    consent: b.consent_kind && b.consented_at ? { kind: b.consent_kind, at: b.consented_at } : null,
    invitedAt: b.invited_at,
    inviteExpiresAt: b.status === 'invited' ? b.invite_expires_at : null,
    unboundAt: b.unbound_at,
    years: rows,
    guardianReview,
    entitlement,
  }
}

export function paymentView(
  p: PaymentRow,
  parties: { payerName: string; binding: Pick<BindingRow, 'relative_name' | 'relative_id_masked'> },
): Payment {
  return {
    id: p.id,
    relativeId: p.binding_id,
    year: p.year,
    item: p.item,
    amountFen: p.amount_fen,
    amountSource: p.amount_source,
    status: p.status,
    failureReason: p.failure_reason,
    createdAt: p.created_at,
    completedAt: p.completed_at,
    receipt:
      p.status === 'succeeded' && p.transfer_no && p.completed_at
        ? {
            receiptNo: `JZ${p.id.slice(3).toUpperCase()}`,
            transferNo: p.transfer_no,
            payerName: parties.payerName,
            payeeName: parties.binding.relative_name,
            payeeIdNumberMasked: parties.binding.relative_id_masked,
            year: p.year,
            itemZh: FAMILY_ITEM_ZH[p.item],
            amountFen: p.amount_fen,
            completedAt: p.completed_at,
          }
        : null,
  }
}
