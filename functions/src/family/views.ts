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
  bindings: readonly Pick<BindingRow, 'relativeProvince' | 'relativeRegion'>[],
  years: readonly number[],
): Promise<RegionStandard[]> {
  const regions = new Set<string>()
  for (const b of bindings) {
    regions.add(provinceRegionCode(b.relativeProvince))
    if (b.relativeRegion) regions.add(b.relativeRegion)
  }
  return regionStandards(db, [...regions], years)
}

export function amountOf(
  binding: Pick<BindingRow, 'relativeProvince' | 'relativeRegion'>,
  year: number,
  item: FamilyItem,
  standards: readonly RegionStandard[],
) {
  if (!isProvinceCode(binding.relativeProvince)) throw new Error('binding with an unserved province')
  return contributionStandard(binding.relativeProvince, binding.relativeRegion ?? undefined, year, item, standards)
}

/** The relative's region's published period (the registry), else the built-in default (D2), and which. */
function periodOf(
  binding: BindingRow,
  year: number,
  registry: RegistrySnapshot,
): Pick<YearStatus, 'deadline' | 'deadlineIsDefault' | 'periodStart'> {
  if (!isProvinceCode(binding.relativeProvince)) return { deadline: `${year - 1}-12-31` }
  const p = resolveParams(binding.relativeProvince, binding.relativeRegion ?? undefined, year, {
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
    confirmedBy: r.confirmedBy,
    proofUploaded: r.proofUploadedAt !== null,
    refusalReason: r.refusalReason,
    commitmentVersion: r.commitmentVersion,
    committedAt: r.committedAt,
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
    paidYears(db, [...new Set(visible.map((b) => b.relativeIdHash))], years),
    standardsFor(db, visible, years),
    reviewsOf(
      db,
      bindings.map((b) => b.id),
    ),
  ])
  const reviewOf = new Map(reviews.map((r) => [r.bindingId, r]))
  const known = await Promise.all(
    bindings.map(async (b) => {
      if (b.status !== 'active' || b.consentKind !== 'relative' || b.relativeUserId === null) return null
      try {
        const data = await loadResidentData(db, b.relativeUserId)
        // The account that consented must still be the verified holder of the bound ID number.
        if (data.profile?.idHash !== b.relativeIdHash || !(await isVerified(db, b.relativeUserId))) return null
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
  const items: FamilyItem[] = itemAllowed('long-term-care', b.relativeProvince)
    ? ['resident-contribution', 'long-term-care']
    : ['resident-contribution']
  const rows: Member['years'] = []
  for (const year of years) {
    for (const item of items) {
      const found = paid.filter((p) => p.idHash === b.relativeIdHash && p.year === year && p.item === item)
      const settled = found.find((p) => p.pendingPaymentId === null)
      const pending = found.find((p) => p.pendingPaymentId !== null)
      const amount = amountOf(b, year, item, standards)
      rows.push({
        year,
        item,
        paidBy: settled?.paidBy ?? null,
        pendingPaymentId: pending?.pendingPaymentId ?? null,
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
    name: b.relativeName,
    idNumberMasked: b.relativeIdMasked,
    birthDate: b.relativeBirthDate,
    province: b.relativeProvince,
    region: b.relativeRegion,
    status: b.status,
    consent: b.consentKind && b.consentedAt ? { kind: b.consentKind, at: b.consentedAt } : null,
    invitedAt: b.invitedAt,
    inviteExpiresAt: b.status === 'invited' ? b.inviteExpiresAt : null,
    unboundAt: b.unboundAt,
    years: rows,
    guardianReview,
    entitlement,
  }
}

export function paymentView(
  p: PaymentRow,
  parties: { payerName: string; binding: Pick<BindingRow, 'relativeName' | 'relativeIdMasked'> },
): Payment {
  return {
    id: p.id,
    relativeId: p.bindingId,
    year: p.year,
    item: p.item,
    amountFen: p.amountFen,
    amountSource: p.amountSource,
    status: p.status,
    failureReason: p.failureReason,
    createdAt: p.createdAt,
    completedAt: p.completedAt,
    receipt:
      p.status === 'succeeded' && p.transferNo && p.completedAt
        ? {
            receiptNo: `JZ${p.id.slice(3).toUpperCase()}`,
            transferNo: p.transferNo,
            payerName: parties.payerName,
            payeeName: parties.binding.relativeName,
            payeeIdNumberMasked: parties.binding.relativeIdMasked,
            year: p.year,
            itemZh: FAMILY_ITEM_ZH[p.item],
            amountFen: p.amountFen,
            completedAt: p.completedAt,
          }
        : null,
  }
}
