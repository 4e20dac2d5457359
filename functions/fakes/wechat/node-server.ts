/**
 * Serves the fake WeChat API over HTTP from Node, for `npm start` and the e2e tests (the Worker reaches it at
 * WECHAT_API_BASE). Run alone: `tsx functions/fakes/wechat/node-server.ts [port]`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'
import { FAKE_WECHAT_APPID, FAKE_WECHAT_SECRET } from '../../src/lib/dev-keys'
import { createFakeWeChat, type FakeWeChat } from './app'

export interface RunningFakeWeChat {
  url: string
  fake: FakeWeChat
  close(): Promise<void>
}

async function toRequest(req: IncomingMessage, origin: string): Promise<Request> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  const headers = new Headers()
  for (const [key, value] of Object.entries(req.headers)) {
    if (typeof value === 'string') headers.set(key, value)
    else if (Array.isArray(value)) headers.set(key, value.join(', '))
  }
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD' && chunks.length > 0
  return new Request(new URL(req.url ?? '/', origin), {
    method: req.method,
    headers,
    body: hasBody ? Buffer.concat(chunks) : undefined,
  })
}

async function send(res: ServerResponse, response: Response) {
  res.statusCode = response.status
  response.headers.forEach((value, key) => {
    res.setHeader(key, value)
  })
  res.end(Buffer.from(await response.arrayBuffer()))
}

export async function startFakeWeChat(options: { port?: number; host?: string } = {}): Promise<RunningFakeWeChat> {
  const fake = createFakeWeChat({ appid: FAKE_WECHAT_APPID, secret: FAKE_WECHAT_SECRET })
  const host = options.host ?? '127.0.0.1'
  const server = createServer((req, res) => {
    toRequest(req, `http://${host}`)
      .then((request) => fake.fetch(request))
      .then((response) => send(res, response))
      .catch(() => {
        res.statusCode = 500
        res.end()
      })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, host, () => resolve())
  })
  const { port } = server.address() as AddressInfo
  return {
    url: `http://${host}:${port}`,
    fake,
    close: () =>
      new Promise<void>((resolve) => {
        // workerd keeps connections alive; without this, close() waits for them to time out.
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const running = await startFakeWeChat({ port: Number(process.argv[2] ?? 8790) })
  console.log(`fake WeChat API at ${running.url}`)
}
