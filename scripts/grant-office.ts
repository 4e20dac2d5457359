/**
 * Grants or revokes the insurance-office role — the only way a user becomes an office user. Runs SQL through
 * `wrangler d1 execute` against the local database (default) or the deployed one (--remote).
 *
 *   tsx scripts/grant-office.ts --openid <openid> --province 51 [--region 510100] [--remote]
 *   tsx scripts/grant-office.ts --dev <name> --province 51 [--region 510100]        (local fake WeChat user)
 *   tsx scripts/grant-office.ts --openid <openid> --revoke [--remote]
 *   tsx scripts/grant-office.ts --list [--remote]
 *
 * --province is one of 51 (四川) 14 (山西) 23 (黑龙江) 52 (贵州) 36 (江西); --region, when given, a prefecture of
 * it (GB/T 2260, e.g. 510100 成都市): the user then sees and imports that prefecture only. The openid is the
 * user's openid for this mini-program (the office worker signs in once; an administrator reads it from the
 * users table or the login log). The role is read from D1 on every request, so a change applies at once.
 */
import { randomBytes } from 'node:crypto'
import { fakeOpenid } from '../functions/fakes/wechat/openid'
import { isPrefectureOf, isServedProvince, provinceNameZh, regionNameZh } from '../shared/regions'
import { run, toolEnv } from './lib/proc'

function usage(message?: string): never {
  if (message) console.error(`错误：${message}`)
  console.error(
    'usage: tsx scripts/grant-office.ts (--openid <openid> | --dev <name>) --province <51|14|23|52|36>' +
      ' [--region <xxxx00>] [--remote] [--persist-to <dir>]\n' +
      '       tsx scripts/grant-office.ts (--openid <openid> | --dev <name>) --revoke [--remote]\n' +
      '       tsx scripts/grant-office.ts --list [--remote]',
  )
  process.exit(2)
}

const args = process.argv.slice(2)
const flag = (name: string) => args.includes(`--${name}`)
const value = (name: string): string | undefined => {
  const index = args.indexOf(`--${name}`)
  if (index === -1) return undefined
  const v = args[index + 1]
  if (v === undefined || v.startsWith('--')) usage(`--${name} 需要一个值`)
  return v
}

// Every value reaches SQL only after these checks, so the statement text cannot be steered.
const OPENID = /^[A-Za-z0-9_-]{6,64}$/

async function main() {
  const target = flag('remote')
    ? ['--remote']
    : ['--local', ...(value('persist-to') ? ['--persist-to', value('persist-to') as string] : [])]
  const execute = async (sql: string) => {
    // wrangler prints --json output at its `log` level, which the quieter default of toolEnv hides.
    const result = await run('wrangler', ['d1', 'execute', 'canbao', ...target, '--command', sql, '--json', '--yes'], {
      quiet: true,
      env: toolEnv({ WRANGLER_LOG: 'log' }),
    })
    if (result.code !== 0) throw new Error(`wrangler d1 execute failed:\n${result.output}`)
    const start = result.output.indexOf('[')
    return JSON.parse(result.output.slice(start)) as { results: Record<string, unknown>[] }[]
  }

  if (flag('list')) {
    const [out] = await execute(
      `SELECT id, openid, office_province, office_region, last_login_at
       FROM users WHERE role = 'office' ORDER BY office_province, office_region`,
    )
    const rows = out?.results ?? []
    if (rows.length === 0) console.log('没有医保经办用户。')
    for (const r of rows) {
      const province = provinceNameZh(String(r.office_province)) ?? r.office_province
      const region = r.office_region ? (regionNameZh(String(r.office_region)) ?? r.office_region) : '（全省）'
      const scope = `${province}${region}`
      console.log(`${r.openid}  ${scope}  user ${r.id}  last sign-in ${r.last_login_at}`)
    }
    return
  }

  const dev = value('dev')
  const openid = dev !== undefined ? await fakeOpenid(dev) : value('openid')
  if (openid === undefined) usage('需要 --openid 或 --dev')
  if (!OPENID.test(openid)) usage('openid 只能包含字母、数字、_ 和 -（6–64 个字符）')

  if (flag('revoke')) {
    const [out] = await execute(
      `UPDATE users SET role = 'resident', office_province = NULL, office_region = NULL
       WHERE openid = '${openid}' RETURNING id`,
    )
    console.log(out?.results.length ? `已撤销 ${openid} 的医保经办权限。` : `没有找到 openid 为 ${openid} 的用户。`)
    return
  }

  const province = value('province')
  if (!isServedProvince(province)) usage('--province 必须是 51、14、23、52 或 36')
  const region = value('region') ?? null
  if (region !== null && !isPrefectureOf(region, province))
    usage(`--region ${region} 不是${provinceNameZh(province)}的地级行政区划代码`)

  const now = new Date().toISOString()
  const id = `u_${randomBytes(12).toString('hex')}`
  // The person may not have signed in yet: the account is created, and their first sign-in finds it.
  await execute(
    `INSERT INTO users (id, openid, role, office_province, office_region, created_at, last_login_at)
     VALUES ('${id}', '${openid}', 'office', '${province}', ${region === null ? 'NULL' : `'${region}'`},
       '${now}', '${now}')
     ON CONFLICT (openid) DO UPDATE SET role = 'office', office_province = excluded.office_province,
       office_region = excluded.office_region`,
  )
  const scope = `${provinceNameZh(province)}${region ? regionNameZh(region) : '（全省）'}`
  console.log(`已授予 ${openid}${dev !== undefined ? `（dev:${dev}）` : ''} 医保经办权限：${scope}。`)
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err)
  process.exit(1)
})
