// Binding relatives for family mutual aid (家庭共济): invitations with the relative's own consent, guardian
// bindings of children confirmed by the household register or the child's office, and unbinding.

import type * as v from 'valibot'
import {
  MAX_HOUSEHOLD_PROOF_BYTES,
  type AcceptRequestSchema,
  type GuardianReview,
  type HOUSEHOLD_PROOF_TYPES,
  type InvitationRequest,
  type Member,
  type MembersResponse,
  type PayerSchema,
} from '@canbao/shared/api/family'
import { maskResidentId, parseResidentId } from '@canbao/shared/api/resident-id'
import {
  checkRelationship,
  consentRoute,
  GUARDIAN_COMMITMENT_VERSION,
  GUARDIAN_COMMITMENT_ZH,
  RELATIONSHIP_ZH,
} from '@canbao/shared/family/index'
import type { Env } from '../env'
import {
  acceptInvitation,
  decideGuardian,
  getBinding,
  identityOf,
  insertBinding,
  insertGuardianBinding,
  isOwnInvitation,
  listBindingsOfPayer,
  listBindingsOfRelativeUser,
  reviewsOf,
  storeHouseholdProof,
  unbind,
  type BindingRow,
} from '../db/family'
import { ensureAccount, requireIdentity } from './accounts'
import { inviteCodeHash, newInviteCode } from './invite-code'
import { guardianReviewView, memberViews } from './views'
import { isoNow, nowMs, todayCst } from '../lib/clock'
import { aesKey, decryptText, encryptBytes, encryptText, hmacHex, hmacKey } from '../lib/crypto'
import { ApiError } from '../lib/errors'
import { randomHex } from '../lib/ids'
import { describeError, log } from '../lib/log'
import { enforce } from '../lib/rate-limit'
import { platformFromEnv } from '../platform/index'

type AcceptRequest = v.InferOutput<typeof AcceptRequestSchema>
type Payer = v.InferOutput<typeof PayerSchema>

const INVITE_DAYS = 7
const ACCEPTS_PER_HOUR = 20
const INVITES_PER_DAY = 30

const newBindingId = () => `fb_${randomHex(12)}`

const payerView = (b: BindingRow, payerName: string | null): Payer => ({
  bindingId: b.id,
  payerName: payerName ?? '',
  relationship: b.relationship,
  relationshipZh: RELATIONSHIP_ZH[b.relationship],
  status: b.status,
  consentedAt: b.consentedAt,
})

/** The relatives the caller pays for, and the payers who pay for the caller. */
export async function membersOf(env: Env, userId: string): Promise<MembersResponse> {
  const [bindings, asRelative] = await Promise.all([
    listBindingsOfPayer(env.DB, userId),
    listBindingsOfRelativeUser(env.DB, userId),
  ])
  return {
    members: await memberViews(env.DB, bindings, todayCst()),
    payers: asRelative.map((b) => payerView(b, b.payerName)),
  }
}

/**
 * Invites a relative (16 or older: they accept with the returned code) or binds a child as guardian (pending
 * until the household register or the child's office confirms it).
 */
export async function invite(
  env: Env,
  userId: string,
  body: InvitationRequest,
): Promise<{ member: Member; code: string | null }> {
  const today = todayCst()
  const payer = await requireIdentity(env, userId)
  await ensureAccount(env, userId)
  const parsed = parseResidentId(body.idNumber, today)
  if (!parsed.ok)
    throw new ApiError('VALIDATION_FAILED', undefined, [
      { path: 'idNumber', code: `ID_${parsed.problem.toUpperCase()}`, message: parsed.message },
    ])
  const field = (code: string, message: string) =>
    new ApiError('VALIDATION_FAILED', message, [{ path: 'relationship', code, message }])
  const idHash = await hmacHex(await hmacKey(env.ID_HASH_KEY), parsed.id.value)
  if (idHash === payer.idHash) throw field('SELF', '不能绑定自己：家庭共济是为近亲属缴费。')
  const plausible = checkRelationship(body.relationship, payer.birthDate, parsed.id.birthDate, today)
  if (!plausible.ok) throw field('IMPLAUSIBLE', plausible.message)
  const consent = consentRoute(body.relationship, parsed.id.birthDate, today, body.guardian === true)
  if (!consent.ok) throw field('CONSENT_ROUTE', consent.message)
  if (consent.route === 'guardian') {
    // Binding a child puts the child's records in the payer's hands: only a payer proven to be who they say.
    if (payer.verifiedAt === null)
      throw new ApiError(
        'FAMILY_UNVERIFIED',
        '为未满 16 周岁的孩子绑定，需要您先在“我的”里完成人脸核身，确认是您本人。',
      )
    if (body.commitmentVersion !== GUARDIAN_COMMITMENT_VERSION) {
      const message = '请先阅读并同意《监护人承诺书》。'
      throw new ApiError('VALIDATION_FAILED', message, [
        { path: 'commitmentVersion', code: 'COMMITMENT_REQUIRED', message },
      ])
    }
  }
  await enforce(env.DB, {
    bucket: `family-invite:${userId}`,
    windowSeconds: 86_400,
    max: INVITES_PER_DAY,
    message: '今天发出的邀请太多了，请明天再试。',
  })
  const now = isoNow()
  const code = consent.route === 'relative' ? newInviteCode() : null
  const row: BindingRow = {
    id: newBindingId(),
    payerUserId: userId,
    relationship: body.relationship,
    relativeName: body.name,
    relativeIdEnc: await encryptText(await aesKey(env.ID_ENC_KEY), parsed.id.value, 'resident-id'),
    relativeIdHash: idHash,
    relativeIdMasked: maskResidentId(parsed.id.value),
    relativeBirthDate: parsed.id.birthDate,
    relativeProvince: body.province,
    relativeRegion: body.region ?? null,
    relativeUserId: null,
    // A guardian binding waits too: declaring guardianship proves nothing until the household relation is confirmed.
    status: 'invited',
    consentKind: null,
    consentedAt: null,
    inviteCodeHash: code ? await inviteCodeHash(code) : null,
    inviteExpiresAt: code ? new Date(nowMs() + INVITE_DAYS * 86_400_000).toISOString() : null,
    invitedAt: now,
    unboundAt: null,
    unboundBy: null,
  }
  const inserted =
    consent.route === 'guardian'
      ? await insertGuardianBinding(env.DB, row, { version: GUARDIAN_COMMITMENT_VERSION, text: GUARDIAN_COMMITMENT_ZH })
      : await insertBinding(env.DB, row)
  if (!inserted.ok) throw new ApiError('CONFLICT', '这位亲属已经绑定或正在等待确认，不需要重复邀请。')
  log.info('family_invited', { binding: row.id, route: consent.route })
  if (consent.route === 'guardian') await askHouseholdRegister(env, row, payer.idEnc, parsed.id.value)
  const [member] = await memberViews(env.DB, [(await getBinding(env.DB, row.id)) ?? row], today)
  return { member: member as Member, code }
}

/**
 * Asks the platform's household register about a new guardian binding. Confirmed: active at once. Anything else
 * (not in one household, no record, platform unreachable) leaves it pending for the child's office.
 */
async function askHouseholdRegister(env: Env, row: BindingRow, payerIdEnc: string, childIdNumber: string) {
  try {
    const guardianIdNumber = await decryptText(await aesKey(env.ID_ENC_KEY), payerIdEnc, 'resident-id')
    const answer = await platformFromEnv(env).confirmHousehold({
      guardianIdNumber,
      childIdNumber,
      relationship: row.relationship,
    })
    if (answer === 'confirmed')
      await decideGuardian(env.DB, row.id, { decision: 'confirm', by: 'platform', reviewer: null }, isoNow())
    log.info('family_household_checked', { binding: row.id, answer })
  } catch (err) {
    log.warn('family_household_check_failed', { binding: row.id, error: describeError(err) })
  }
}

/** The invited relative consents with the code, signed in as the face-verified holder of the invited number. */
export async function accept(env: Env, userId: string, body: AcceptRequest): Promise<{ payer: Payer }> {
  await enforce(env.DB, {
    bucket: `family-accept:${userId}`,
    windowSeconds: 3600,
    max: ACCEPTS_PER_HOUR,
    message: '尝试次数太多，请一小时后再试。',
  })
  const me = await identityOf(env.DB, userId)
  if (!me) throw new ApiError('PROFILE_REQUIRED', '请先在“我的”里填写本人的参保人信息，系统要核对邀请是不是发给您的。')
  // Typing someone's ID number proves nothing: only the face-verified holder of the invited number consents.
  // Checked before the code is looked at, so an unverified caller learns nothing about any invitation.
  if (me.verifiedAt === null)
    throw new ApiError('FAMILY_UNVERIFIED', '接受邀请前，请先在“我的”里完成人脸核身，确认您就是被邀请的本人。')
  const codeHash = await inviteCodeHash(body.code)
  const binding = await acceptInvitation(env.DB, codeHash, me.idHash, userId, isoNow())
  // Wrong, used, expired or meant for someone else: one answer, so a code reveals nothing about its binding.
  // Only its own sender learns more: the code is theirs, and they need to hear it goes to the relative.
  if (!binding)
    throw new ApiError(
      (await isOwnInvitation(env.DB, codeHash, userId)) ? 'FAMILY_INVITE_OWN' : 'FAMILY_INVITE_INVALID',
    )
  log.info('family_accepted', { binding: binding.id })
  const payer = await identityOf(env.DB, binding.payerUserId)
  return { payer: payerView(binding, payer?.name ?? null) }
}

/** A binding the caller may see: as its payer, or as the relative who accepted it. Anything else is absent. */
async function visibleBinding(
  env: Env,
  id: string,
  userId: string,
): Promise<{ binding: BindingRow; side: 'payer' | 'relative' }> {
  const binding = await getBinding(env.DB, id)
  if (binding?.payerUserId === userId) return { binding, side: 'payer' }
  if (binding && binding.relativeUserId === userId) return { binding, side: 'relative' }
  throw new ApiError('NOT_FOUND')
}

/** Either side ends the binding; the record stays, marked unbound and by whom. */
export async function unbindAs(
  env: Env,
  userId: string,
  id: string,
): Promise<{ unbound: true; by: 'payer' | 'relative' }> {
  const { binding, side } = await visibleBinding(env, id, userId)
  const updated = await unbind(env.DB, binding.id, side, isoNow())
  if (!updated && binding.status !== 'unbound') throw new ApiError('CONFLICT')
  log.info('family_unbound', { binding: binding.id, by: side })
  return { unbound: true, by: side }
}

/** The payer's guardian binding still waiting for its household page: checked before the upload is read. */
export async function proofTarget(env: Env, userId: string, id: string): Promise<BindingRow> {
  const binding = await getBinding(env.DB, id)
  if (!binding || binding.payerUserId !== userId) throw new ApiError('NOT_FOUND')
  const [review] = await reviewsOf(env.DB, [binding.id])
  if (!review) throw new ApiError('NOT_FOUND', '只有为未满 16 周岁的孩子绑定时才需要上传户口本。')
  if (review.status !== 'pending' || binding.status !== 'invited') throw new ApiError('FAMILY_REVIEW_CLOSED')
  return binding
}

/** A household page is a photo or a scan: JPEG or PNG, known by its first bytes whatever the request claims. */
function imageTypeOf(bytes: Uint8Array): (typeof HOUSEHOLD_PROOF_TYPES)[number] | null {
  if (bytes.length > 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg'
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]
  if (bytes.length > 8 && png.every((b, i) => bytes[i] === b)) return 'image/png'
  return null
}

/** Stores the page encrypted for the child's office to review. */
export async function storeProof(
  env: Env,
  binding: BindingRow,
  bytes: Uint8Array<ArrayBuffer>,
): Promise<{ guardianReview: GuardianReview }> {
  if (bytes.length === 0) throw new ApiError('BAD_REQUEST', '上传的图片是空的。')
  if (bytes.length > MAX_HOUSEHOLD_PROOF_BYTES)
    throw new ApiError('PAYLOAD_TOO_LARGE', '图片太大了：请上传 1 MB 以内的照片（拍照时可选“压缩”）。')
  const type = imageTypeOf(bytes)
  if (!type) throw new ApiError('BAD_REQUEST', '只能上传 JPG 或 PNG 格式的户口本页面照片。')
  const sealed = await encryptBytes(await aesKey(env.ID_ENC_KEY), bytes, 'household-proof')
  if (!(await storeHouseholdProof(env.DB, binding.id, sealed, type, bytes.length, isoNow())))
    throw new ApiError('FAMILY_REVIEW_CLOSED')
  log.info('family_household_proof', { binding: binding.id, bytes: bytes.length })
  const [stored] = await reviewsOf(env.DB, [binding.id])
  return { guardianReview: guardianReviewView(stored as NonNullable<typeof stored>) }
}
