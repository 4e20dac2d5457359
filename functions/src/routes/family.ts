import { Hono } from 'hono'
import {
  AcceptRequestSchema,
  type HOUSEHOLD_PROOF_TYPES,
  IDEMPOTENCY_KEY,
  MAX_HOUSEHOLD_PROOF_BYTES,
  InvitationRequestSchema,
  MemberIdParamSchema,
  PaymentIdParamSchema,
  PaymentRequestSchema,
  type AccountResponse,
  type MembersResponse,
  type PaymentRequest,
} from '@canbao/shared/api/family'
import { maskResidentId, parseResidentId } from '@canbao/shared/api/resident-id'
import {
  checkRelationship,
  consentRoute,
  itemAllowed,
  payableYears,
  GUARDIAN_COMMITMENT_VERSION,
  GUARDIAN_COMMITMENT_ZH,
  RELATIONSHIP_ZH,
  FAMILY_ITEM_ZH,
} from '@canbao/shared/family/index'
import type { AppEnv, Env } from '../env'
import {
  acceptInvitation,
  getAccount,
  getBinding,
  getPayment,
  confirmGuardian,
  identityOf,
  insertBinding,
  insertGuardianBinding,
  reviewsOf,
  storeHouseholdProof,
  isOwnInvitation,
  ledgerOf,
  listBindingsOfPayer,
  listBindingsOfRelativeUser,
  openAccount,
  paidYears,
  paymentByKey,
  paymentsForRelativeUser,
  paymentsOfPayer,
  startPayment,
  unbind,
  type AccountRow,
  type BindingRow,
  type PaymentRow,
} from '../db/family'
import { executePayment, RECONCILE_GRACE_MS, settledOrInFlight } from '../family/payments'
import { accountIsStale, resyncAccount } from '../family/account-sync'
import { amountOf, guardianReviewView, memberViews, paymentView, standardsFor } from '../family/views'
import { registrySnapshot } from '../registry/snapshot'
import { requireUser } from '../lib/auth'
import { isRealWeChat } from '../lib/config'
import { isoNow, nowMs, todayCst } from '../lib/clock'
import { aesKey, decryptText, encryptBytes, encryptText, hmacHex, hmacKey } from '../lib/crypto'
import { inviteCodeHash, newInviteCode } from '../family/invite-code'
import { ApiError } from '../lib/errors'
import { describeError, log } from '../lib/log'
import { enforce } from '../lib/rate-limit'
import { randomHex } from '../lib/ids'
import { DEFAULT_JSON_LIMIT, jsonBody, limitBody, paramOf } from '../lib/validate'
import { platformFromEnv, PlatformUnavailable, type PlatformApi } from '../platform/index'

const INVITE_DAYS = 7
const ACCEPTS_PER_HOUR = 20
const INVITES_PER_DAY = 30
const LEDGER_SHOWN = 50

/** Payment requests being worked on in this isolate, by payer and Idempotency-Key. */
const inFlight = new Map<string, Promise<void>>()

const newBindingId = () => `fb_${randomHex(12)}`
const newPaymentId = () => `fp_${randomHex(12)}`

/** A household page is a photo or a scan: JPEG or PNG, known by its first bytes whatever the request claims. */
function imageTypeOf(bytes: Uint8Array): (typeof HOUSEHOLD_PROOF_TYPES)[number] | null {
  if (bytes.length > 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg'
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]
  if (bytes.length > 8 && png.every((b, i) => bytes[i] === b)) return 'image/png'
  return null
}

/** wx.uploadFile sends the page as multipart field `file`; a script may send the image itself. */
async function readImage(c: {
  req: { header(name: string): string | undefined; raw: Request; parseBody(): Promise<Record<string, unknown>> }
}): Promise<Uint8Array<ArrayBuffer>> {
  const type = (c.req.header('content-type') ?? '').toLowerCase()
  if (type.startsWith('multipart/form-data')) {
    let form: Record<string, unknown>
    try {
      form = await c.req.parseBody()
    } catch {
      throw new ApiError('BAD_REQUEST', '上传的表单格式不正确，没能读出图片。请重新选择户口本页面的照片上传。')
    }
    const file = form.file
    if (!(file instanceof File))
      throw new ApiError('BAD_REQUEST', '没有收到图片：请把户口本页面的照片放在表单字段 file 中上传。')
    return new Uint8Array(await file.arrayBuffer())
  }
  if (type.startsWith('image/') || type.startsWith('application/octet-stream'))
    return new Uint8Array(await c.req.raw.arrayBuffer())
  throw new ApiError('BAD_REQUEST', '请上传户口本页面的照片（JPG 或 PNG）。')
}

async function requireIdentity(env: Env, userId: string) {
  const identity = await identityOf(env.DB, userId)
  if (!identity) throw new ApiError('PROFILE_REQUIRED', '请先在“我的”里填写本人的参保人信息（姓名和身份证号）。')
  return identity
}

/**
 * The payer's account, opened from the platform on first use (its balance becomes the opening entry) and
 * compared with the platform again once the last comparison is older than ACCOUNT_RESYNC_AFTER_MS.
 */
async function ensureAccount(env: Env, userId: string): Promise<AccountRow> {
  const existing = await getAccount(env.DB, userId)
  if (existing && !accountIsStale(existing, nowMs())) return existing
  const identity = await requireIdentity(env, userId)
  if (existing) {
    // Comparing is best effort: the stored balance, with its age, is still an answer.
    const idNumber = await decryptText(await aesKey(env.ID_ENC_KEY), identity.id_enc, 'resident-id').catch(
      (err: unknown) => {
        log.error('family_account_sync_identity_unreadable', { error: describeError(err) })
        return null
      },
    )
    return idNumber === null ? existing : resyncAccount(env, existing, idNumber)
  }
  const idNumber = await decryptText(await aesKey(env.ID_ENC_KEY), identity.id_enc, 'resident-id')
  let found: Awaited<ReturnType<PlatformApi['lookupAccount']>>
  try {
    found = await platformFromEnv(env).lookupAccount(idNumber)
  } catch (err) {
    if (err instanceof PlatformUnavailable)
      throw new ApiError('UPSTREAM_UNAVAILABLE', '医保平台暂时无法连接，请稍后再试。')
    throw err
  }
  if (!found) throw new ApiError('FAMILY_NOT_PAYER')
  await openAccount(env.DB, userId, found.accountNo, found.balanceFen, 'platform', isoNow())
  const opened = await getAccount(env.DB, userId)
  if (!opened) throw new Error('account vanished after open')
  return opened
}

/** A binding the caller may see: as its payer, or as the relative who accepted it. Anything else is absent. */
async function visibleBinding(
  env: Env,
  id: string,
  userId: string,
): Promise<{ binding: BindingRow; side: 'payer' | 'relative' }> {
  const binding = await getBinding(env.DB, id)
  if (binding?.payer_user_id === userId) return { binding, side: 'payer' }
  if (binding && binding.relative_user_id === userId) return { binding, side: 'relative' }
  throw new ApiError('NOT_FOUND')
}

async function paymentResponse(env: Env, payment: PaymentRow) {
  const [binding, payer] = await Promise.all([
    getBinding(env.DB, payment.binding_id),
    identityOf(env.DB, payment.payer_user_id),
  ])
  if (!binding) throw new Error('payment without binding')
  return paymentView(payment, { payerName: payer?.name ?? '', binding })
}

export const familyRoutes = new Hono<AppEnv>()
  .use(requireUser)
  .get('/members', async (c) => {
    const userId = c.get('user').id
    const [bindings, asRelative] = await Promise.all([
      listBindingsOfPayer(c.env.DB, userId),
      listBindingsOfRelativeUser(c.env.DB, userId),
    ])
    const response: MembersResponse = {
      members: await memberViews(c.env.DB, bindings, todayCst()),
      payers: asRelative.map((b) => ({
        bindingId: b.id,
        payerName: b.payer_name ?? '',
        relationship: b.relationship,
        relationshipZh: RELATIONSHIP_ZH[b.relationship],
        status: b.status,
        consentedAt: b.consented_at,
      })),
    }
    c.header('Cache-Control', 'no-store')
    return c.json(response, 200)
  })
  .post('/invitations', limitBody(DEFAULT_JSON_LIMIT), jsonBody(InvitationRequestSchema), async (c) => {
    const body = c.req.valid('json')
    const userId = c.get('user').id
    const today = todayCst()
    const payer = await requireIdentity(c.env, userId)
    await ensureAccount(c.env, userId)
    const parsed = parseResidentId(body.idNumber, today)
    if (!parsed.ok)
      throw new ApiError('VALIDATION_FAILED', undefined, [
        { path: 'idNumber', code: `ID_${parsed.problem.toUpperCase()}`, message: parsed.message },
      ])
    const field = (code: string, message: string) =>
      new ApiError('VALIDATION_FAILED', message, [{ path: 'relationship', code, message }])
    const idHash = await hmacHex(await hmacKey(c.env.ID_HASH_KEY), parsed.id.value)
    if (idHash === payer.id_hash) throw field('SELF', '不能绑定自己：家庭共济是为近亲属缴费。')
    const plausible = checkRelationship(body.relationship, payer.birth_date, parsed.id.birthDate, today)
    if (!plausible.ok) throw field('IMPLAUSIBLE', plausible.message)
    const consent = consentRoute(body.relationship, parsed.id.birthDate, today, body.guardian === true)
    if (!consent.ok) throw field('CONSENT_ROUTE', consent.message)
    if (consent.route === 'guardian') {
      // Binding a child puts the child's records in the payer's hands: only a payer proven to be who they say.
      if (payer.verified_at === null)
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
    await enforce(c.env.DB, {
      bucket: `family-invite:${userId}`,
      windowSeconds: 86_400,
      max: INVITES_PER_DAY,
      message: '今天发出的邀请太多了，请明天再试。',
    })
    const now = isoNow()
    const code = consent.route === 'relative' ? newInviteCode() : null
    const row: BindingRow = {
      id: newBindingId(),
      payer_user_id: userId,
      relationship: body.relationship,
      relative_name: body.name,
      relative_id_enc: await encryptText(await aesKey(c.env.ID_ENC_KEY), parsed.id.value, 'resident-id'),
      relative_id_hash: idHash,
      relative_id_masked: maskResidentId(parsed.id.value),
      relative_birth_date: parsed.id.birthDate,
      relative_province: body.province,
      relative_region: body.region ?? null,
      relative_user_id: null,
      // A guardian binding waits too: declaring guardianship proves nothing until the household relation is confirmed.
      status: 'invited',
      consent_kind: null,
      consented_at: null,
      invite_code_hash: code ? await inviteCodeHash(code) : null,
      invite_expires_at: code ? new Date(nowMs() + INVITE_DAYS * 86_400_000).toISOString() : null,
      invited_at: now,
      unbound_at: null,
      unbound_by: null,
    }
    const inserted =
      consent.route === 'guardian'
        ? await insertGuardianBinding(c.env.DB, row, {
            version: GUARDIAN_COMMITMENT_VERSION,
            text: GUARDIAN_COMMITMENT_ZH,
          })
        : await insertBinding(c.env.DB, row)
    if (!inserted.ok) throw new ApiError('CONFLICT', '这位亲属已经绑定或正在等待确认，不需要重复邀请。')
    log.info('family_invited', { binding: row.id, route: consent.route })
    if (consent.route === 'guardian') await askHouseholdRegister(c.env, row, payer.id_enc, parsed.id.value)
    const [member] = await memberViews(c.env.DB, [(await getBinding(c.env.DB, row.id)) ?? row], today)
    return c.json({ member: member!, code }, 201)
  })
  .post('/invitations/accept', limitBody(DEFAULT_JSON_LIMIT), jsonBody(AcceptRequestSchema), async (c) => {
    const userId = c.get('user').id
    await enforce(c.env.DB, {
      bucket: `family-accept:${userId}`,
      windowSeconds: 3600,
      max: ACCEPTS_PER_HOUR,
      message: '尝试次数太多，请一小时后再试。',
    })
    const me = await identityOf(c.env.DB, userId)
    if (!me)
      throw new ApiError('PROFILE_REQUIRED', '请先在“我的”里填写本人的参保人信息，系统要核对邀请是不是发给您的。')
    // Typing someone's ID number proves nothing: only the face-verified holder of the invited number consents.
    // Checked before the code is looked at, so an unverified caller learns nothing about any invitation.
    if (me.verified_at === null)
      throw new ApiError('FAMILY_UNVERIFIED', '接受邀请前，请先在“我的”里完成人脸核身，确认您就是被邀请的本人。')
    const codeHash = await inviteCodeHash(c.req.valid('json').code)
    const binding = await acceptInvitation(c.env.DB, codeHash, me.id_hash, userId, isoNow())
    // Wrong, used, expired or meant for someone else: one answer, so a code reveals nothing about its binding.
    // Only its own sender learns more: the code is theirs, and they need to hear it goes to the relative.
    if (!binding)
      throw new ApiError(
        (await isOwnInvitation(c.env.DB, codeHash, userId)) ? 'FAMILY_INVITE_OWN' : 'FAMILY_INVITE_INVALID',
      )
    log.info('family_accepted', { binding: binding.id })
    const payer = await identityOf(c.env.DB, binding.payer_user_id)
    return c.json(
      {
        payer: {
          bindingId: binding.id,
          payerName: payer?.name ?? '',
          relationship: binding.relationship,
          relationshipZh: RELATIONSHIP_ZH[binding.relationship],
          status: binding.status,
          consentedAt: binding.consented_at,
        },
      },
      200,
    )
  })
  .delete('/members/:id', paramOf(MemberIdParamSchema), async (c) => {
    const { binding, side } = await visibleBinding(c.env, c.req.valid('param').id, c.get('user').id)
    const updated = await unbind(c.env.DB, binding.id, side, isoNow())
    if (!updated && binding.status !== 'unbound') throw new ApiError('CONFLICT')
    log.info('family_unbound', { binding: binding.id, by: side })
    return c.json({ unbound: true, by: side }, 200)
  })
  .post(
    '/members/:id/household-proof',
    limitBody(MAX_HOUSEHOLD_PROOF_BYTES + 64 * 1024),
    paramOf(MemberIdParamSchema),
    async (c) => {
      const binding = await getBinding(c.env.DB, c.req.valid('param').id)
      if (!binding || binding.payer_user_id !== c.get('user').id) throw new ApiError('NOT_FOUND')
      const [review] = await reviewsOf(c.env.DB, [binding.id])
      if (!review) throw new ApiError('NOT_FOUND', '只有为未满 16 周岁的孩子绑定时才需要上传户口本。')
      if (review.status !== 'pending' || binding.status !== 'invited') throw new ApiError('FAMILY_REVIEW_CLOSED')
      const bytes = await readImage(c)
      if (bytes.length === 0) throw new ApiError('BAD_REQUEST', '上传的图片是空的。')
      if (bytes.length > MAX_HOUSEHOLD_PROOF_BYTES)
        throw new ApiError('PAYLOAD_TOO_LARGE', '图片太大了：请上传 1 MB 以内的照片（拍照时可选“压缩”）。')
      const type = imageTypeOf(bytes)
      if (!type) throw new ApiError('BAD_REQUEST', '只能上传 JPG 或 PNG 格式的户口本页面照片。')
      const sealed = await encryptBytes(await aesKey(c.env.ID_ENC_KEY), bytes, 'household-proof')
      if (!(await storeHouseholdProof(c.env.DB, binding.id, sealed, type, bytes.length, isoNow())))
        throw new ApiError('FAMILY_REVIEW_CLOSED')
      log.info('family_household_proof', { binding: binding.id, bytes: bytes.length })
      const [stored] = await reviewsOf(c.env.DB, [binding.id])
      return c.json({ guardianReview: guardianReviewView(stored!) }, 200)
    },
  )
  .get('/account', async (c) => {
    const userId = c.get('user').id
    const account = await ensureAccount(c.env, userId)
    const { entries, pendingFen } = await ledgerOf(c.env.DB, userId, LEDGER_SHOWN)
    const response: AccountResponse = {
      balanceFen: account.balance_fen,
      accountNoMasked: `${account.account_no.slice(0, 2)}****${account.account_no.slice(-4)}`,
      syncedAt: account.synced_at,
      pendingFen,
      ledger: entries.map((e) => ({
        seq: e.seq,
        kind: e.kind,
        amountFen: e.amount_fen,
        balanceAfterFen: e.balance_after_fen,
        paymentId: e.payment_id,
        createdAt: e.created_at,
      })),
    }
    c.header('Cache-Control', 'no-store')
    return c.json(response, 200)
  })
  .post('/payments', limitBody(DEFAULT_JSON_LIMIT), jsonBody(PaymentRequestSchema), async (c) => {
    const key = c.req.header('idempotency-key')?.trim()
    if (!key) throw new ApiError('IDEMPOTENCY_KEY_REQUIRED')
    if (!IDEMPOTENCY_KEY.test(key))
      throw new ApiError(
        'IDEMPOTENCY_KEY_REQUIRED',
        '请求编号（Idempotency-Key）格式不正确：应为 8–64 位字母、数字、“-”或“_”。',
      )
    const body = c.req.valid('json')
    const userId = c.get('user').id
    const requestHash = `${body.relativeId}|${body.year}|${body.item}`
    const answer = async (payment: PaymentRow) => {
      if (payment.request_hash !== requestHash) throw new ApiError('IDEMPOTENCY_KEY_REUSED')
      const settled = await settledOrInFlight(c.env, payment)
      return c.json({ payment: await paymentResponse(c.env, settled) }, settled.status === 'pending' ? 202 : 200)
    }
    const slot = `${userId}|${key}`
    // Retries that land in this isolate while the first request works wait for it instead of polling D1.
    const local = inFlight.get(slot)
    if (local) await local
    const existing = await paymentByKey(c.env.DB, userId, key)
    if (existing) return answer(existing)
    const again = inFlight.get(slot)
    if (again) {
      await again
      const settled = await paymentByKey(c.env.DB, userId, key)
      if (settled) return answer(settled)
    }
    let release = () => {}
    inFlight.set(slot, new Promise<void>((resolve) => (release = resolve)))
    try {
      return await newPayment(c.env, userId, key, requestHash, body, answer)
    } catch (err) {
      // A concurrent request with this key (another isolate) may have started the payment since we looked:
      // its answer wins over a refusal ("already paid") that the same payment caused.
      const winner = err instanceof ApiError ? await paymentByKey(c.env.DB, userId, key) : null
      if (winner) return answer(winner)
      throw err
    } finally {
      inFlight.delete(slot)
      release()
    }
  })
  .get('/payments', async (c) => {
    const userId = c.get('user').id
    const [mine, forMe] = await Promise.all([
      paymentsOfPayer(c.env.DB, userId, 100),
      paymentsForRelativeUser(c.env.DB, userId, 100),
    ])
    const payments = await Promise.all([...mine, ...forMe].map((p) => paymentResponse(c.env, p)))
    c.header('Cache-Control', 'no-store')
    return c.json({ payments }, 200)
  })
  .get('/payments/:id', paramOf(PaymentIdParamSchema), async (c) => {
    const payment = await getPayment(c.env.DB, c.req.valid('param').id)
    if (!payment) throw new ApiError('NOT_FOUND')
    const userId = c.get('user').id
    if (payment.payer_user_id !== userId) {
      // The bound relative sees the receipt of a payment made for them; nobody else (a relative who unbound
      // included) learns it exists.
      const binding = await getBinding(c.env.DB, payment.binding_id)
      if (
        !binding ||
        binding.relative_user_id !== userId ||
        binding.status !== 'active' ||
        payment.status !== 'succeeded'
      )
        throw new ApiError('NOT_FOUND')
    }
    c.header('Cache-Control', 'no-store')
    return c.json({ payment: await paymentResponse(c.env, payment) }, 200)
  })

/**
 * Asks the platform's household register about a new guardian binding. Confirmed: active at once. Anything else
 * (not in one household, no record, platform unreachable) leaves it pending for the child's office.
 */
async function askHouseholdRegister(
  env: Env,
  row: BindingRow,
  payerIdEnc: string,
  childIdNumber: string,
): Promise<void> {
  try {
    const guardianIdNumber = await decryptText(await aesKey(env.ID_ENC_KEY), payerIdEnc, 'resident-id')
    const answer = await platformFromEnv(env).confirmHousehold({
      guardianIdNumber,
      childIdNumber,
      relationship: row.relationship,
    })
    if (answer === 'confirmed') await confirmGuardian(env.DB, row.id, 'platform', null, isoNow())
    log.info('family_household_checked', { binding: row.id, answer })
  } catch (err) {
    log.warn('family_household_check_failed', { binding: row.id, error: describeError(err) })
  }
}

function balanceMessage(balanceFen: number, amountFen: number): string {
  return `个人账户余额 ${(balanceFen / 100).toFixed(2)} 元，不够缴这笔 ${(amountFen / 100).toFixed(2)} 元的费用。`
}

async function newPayment<R>(
  env: Env,
  userId: string,
  key: string,
  requestHash: string,
  body: PaymentRequest,
  answer: (payment: PaymentRow) => Promise<R>,
): Promise<R> {
  const binding = await getBinding(env.DB, body.relativeId)
  if (!binding || binding.payer_user_id !== userId)
    throw new ApiError('NOT_FOUND', '没有找到这位亲属，请先邀请并等待对方确认。')
  if (binding.status !== 'active') throw new ApiError('FAMILY_NOT_BOUND')
  const today = todayCst()
  if (!itemAllowed(body.item, binding.relative_province)) {
    throw new ApiError(
      'FAMILY_NOT_ALLOWED',
      `${FAMILY_ITEM_ZH[body.item]}只有黑龙江省可以用职工医保个人账户为家人缴纳。`,
    )
  }
  // the relative's own enrollment period decides which coverage year a payment today buys
  const tables = (await registrySnapshot(env)).tablesFor(Number(today.slice(0, 4)))
  const years = payableYears(today, {
    province: binding.relative_province,
    region: binding.relative_region ?? undefined,
    tables,
  })
  if (!years.includes(body.year)) {
    throw new ApiError(
      'FAMILY_NOT_ALLOWED',
      `现在只能为 ${years.join(' 或 ')} 年度缴费；更早年度的补缴请到当地医保经办机构办理。`,
    )
  }
  const paid = (await paidYears(env.DB, [binding.relative_id_hash], [body.year])).filter((p) => p.item === body.item)
  if (paid.length > 0)
    throw new ApiError(
      'FAMILY_ALREADY_PAID',
      `${binding.relative_name} ${body.year} 年度的${FAMILY_ITEM_ZH[body.item]}已经缴过（或正在缴费），不需要再缴。`,
    )
  const amount = amountOf(binding, body.year, body.item, await standardsFor(env.DB, [binding], [body.year]))
  if (!amount.ok) throw new ApiError('FAMILY_STANDARD_UNKNOWN', amount.message)
  // A demonstration figure is no one's real contribution: production never charges it.
  if (amount.demo && isRealWeChat(env)) {
    log.error('config_demo_standard_in_real_mode', { region: binding.relative_region })
    throw new ApiError('FAMILY_STANDARD_UNKNOWN')
  }
  const account = await ensureAccount(env, userId)
  if (account.balance_fen < amount.amountFen)
    throw new ApiError('FAMILY_BALANCE_TOO_LOW', balanceMessage(account.balance_fen, amount.amountFen))

  const now = nowMs()
  const started = await startPayment(env.DB, {
    id: newPaymentId(),
    payer_user_id: userId,
    idempotency_key: key,
    request_hash: requestHash,
    binding_id: binding.id,
    payee_id_hash: binding.relative_id_hash,
    year: body.year,
    item: body.item,
    amount_fen: amount.amountFen,
    amount_source: amount.demo ? `${amount.source}（演示数据）` : amount.source,
    created_at: new Date(now).toISOString(),
    next_check_at: new Date(now + RECONCILE_GRACE_MS).toISOString(),
  })
  if (!started.ok) {
    if (started.reason === 'key-exists') {
      const winner = await paymentByKey(env.DB, userId, key)
      if (winner) return answer(winner)
      throw new Error('idempotency key reported but not found')
    }
    if (started.reason === 'already-paid') throw new ApiError('FAMILY_ALREADY_PAID')
    if (started.reason === 'not-bound') throw new ApiError('FAMILY_NOT_BOUND')
    const latest = await getAccount(env.DB, userId)
    throw new ApiError('FAMILY_BALANCE_TOO_LOW', balanceMessage(latest?.balance_fen ?? 0, amount.amountFen))
  }
  try {
    await executePayment(env, started.payment)
  } catch (err) {
    // The hold stands and reconciliation settles it: the resident is told it is being confirmed.
    log.error('family_payment_execute_failed', { payment: started.payment.id, error: describeError(err) })
  }
  return answer((await getPayment(env.DB, started.payment.id)) ?? started.payment)
}
