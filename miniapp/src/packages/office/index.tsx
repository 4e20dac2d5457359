import { useCallback, useEffect, useRef, useState } from 'react'
import Taro from '@tarojs/taro'
import { Button, Progress, Text, View } from '@tarojs/components'
import { IMPORT_COLUMNS } from '@canbao/shared/api/import-csv'
import type { ImportJob } from '@canbao/shared/api/office'
import { PageShell } from '../../components/PageShell'
import { fetchImport, fetchImports, uploadImport, type ImportLineError } from '../../api/office'
import type { ClientError } from '../../api/client'
import { useSession } from '../../lib/session'
import { cstRecordText } from '../../lib/format'
import { pickCsvFile } from './pick-file'
import { phaseError, shownData, useLoad } from '../../lib/load'
import './index.css'

const POLL_MS = 1000
const STATUS_ZH: Record<ImportJob['status'], string> = {
  queued: '排队中',
  processing: '正在导入',
  done: '已完成',
  failed: '失败',
}

type UploadState =
  | { phase: 'idle' }
  | { phase: 'uploading'; fileName: string }
  | { phase: 'running'; job: ImportJob }
  | { phase: 'done'; job: ImportJob }
  | { phase: 'rejected'; fileName: string; message: string; errorCount: number; errors: ImportLineError[] }
  | { phase: 'failed'; error: ClientError }

export default function OfficeImportPage() {
  const session = useSession()
  const [upload, setUpload] = useState<UploadState>({ phase: 'idle' })
  const isOffice = session?.user.role === 'office'
  // The list stays on screen with the error beside it when a refresh fails.
  const { state: historyState, reload: loadHistory } = useLoad(fetchImports, {
    enabled: isOffice,
    key: session?.user.id,
  })
  const history = shownData(historyState)?.jobs ?? null
  const historyError = phaseError(historyState)
  const polling = useRef<ReturnType<typeof setTimeout> | null>(null)

  useEffect(
    () => () => {
      if (polling.current) clearTimeout(polling.current)
    },
    [],
  )

  const follow = useCallback(
    (job: ImportJob) => {
      if (job.status === 'done' || job.status === 'failed') {
        setUpload({ phase: 'done', job })
        void loadHistory()
        return
      }
      setUpload({ phase: 'running', job })
      polling.current = setTimeout(async () => {
        const next = await fetchImport(job.id)
        // A dropped poll is retried with the last known progress still on screen.
        follow(next.ok ? next.data.job : job)
      }, POLL_MS)
    },
    [loadHistory],
  )

  const choose = async () => {
    const file = await pickCsvFile()
    if (!file) return
    setUpload({ phase: 'uploading', fileName: file.name })
    const outcome = await uploadImport(file.bytes, file.name)
    if (outcome.kind === 'accepted') follow(outcome.job)
    else if (outcome.kind === 'rejected')
      setUpload({
        phase: 'rejected',
        fileName: file.name,
        message: outcome.message,
        errorCount: outcome.errorCount,
        errors: outcome.errors,
      })
    else setUpload({ phase: 'failed', error: outcome.error })
  }

  if (session?.user.role !== 'office') {
    return (
      <PageShell id='office-page'>
        <View className='card'>
          <View className='card-title'>仅限医保经办人员</View>
          <Text className='muted'>这里用于医保部门导入参保记录。如您是经办人员，请用已授权的账号登录。</Text>
        </View>
      </PageShell>
    )
  }

  const busy = upload.phase === 'uploading' || upload.phase === 'running'
  return (
    <PageShell id='office-page'>
      <View className='card'>
        <View className='card-title'>导入参保记录</View>
        <Text className='muted'>
          {session.user.office?.scopeNameZh}：上传 CSV 文件（UTF-8 编码，可带 BOM；GBK 编码请在 Excel 中另存为“CSV
          UTF-8”）。有任何一行出错，整个文件都不会导入；同一文件重复导入不会改变数据。
        </Text>
        <View className='columns'>
          列：{IMPORT_COLUMNS.map((c) => `${c.zh}${c.required ? '' : '（可空）'}`).join('、')}
        </View>
        <Button
          id='office-upload'
          className='button-primary'
          disabled={busy}
          loading={busy}
          onClick={() => void choose()}
        >
          选择 CSV 文件并上传
        </Button>
      </View>

      {/* Right under the button: at the foot of the page the progress and result were off-screen after a tap. */}
      <UploadPanel state={upload} />

      <View className='card'>
        <View className='card-title'>地区数据（封顶线、缴费标准、集中参保期）</View>
        <Text className='muted'>公布本地区的数据并写明来源文件，由另一位经办人员审核后生效。</Text>
        <Button
          id='go-figures'
          className='choice'
          onClick={() => void Taro.navigateTo({ url: '/packages/office/figures' })}
        >
          查看和公布地区数据
        </Button>
      </View>

      <View className='card'>
        <View className='card-title'>参保提醒和集中宣传月</View>
        <Text className='muted'>给本地区居民发送微信订阅消息，例如提醒还没有缴纳明年医保费的居民。</Text>
        <Button
          id='go-campaign'
          className='choice'
          onClick={() => void Taro.navigateTo({ url: '/packages/office/campaign' })}
        >
          发起和查看宣传活动
        </Button>
      </View>

      <View className='card'>
        <View className='card-title'>户口本审核和查询记录</View>
        <Text className='muted'>
          审核未满 16 周岁孩子的监护人绑定；查看本地区的重复参保冲突和每一次查询参保人的记录。
        </Text>
        <Button
          id='go-reviews'
          className='choice'
          onClick={() => void Taro.navigateTo({ url: '/packages/office/reviews' })}
        >
          打开户口本审核和查询记录
        </Button>
      </View>

      <View className='card' id='office-history'>
        <View className='card-title'>导入记录</View>
        {historyError && <View className='error-text'>{historyError.message}</View>}
        {history === null && !historyError && <Text className='muted'>正在加载…</Text>}
        {history?.length === 0 && <Text className='muted'>还没有导入过文件。</Text>}
        {history?.map((job) => (
          <View key={job.id} className='history-row'>
            <View>{job.fileName ?? job.id}</View>
            <View className='muted'>
              {STATUS_ZH[job.status]} · {job.totalRows}行 · 北京时间 {cstRecordText(job.createdAt)}
              {job.status === 'done' && job.insertedRows !== null
                ? ` · 新增${job.insertedRows}条、更新${job.updatedRows ?? 0}条、未变化${job.unchangedRows ?? 0}条`
                : ''}
              {job.conflictRows ? ` · 重复参保未导入${job.conflictRows}条` : ''}
            </View>
          </View>
        ))}
      </View>
    </PageShell>
  )
}

function UploadPanel({ state }: { state: UploadState }) {
  if (state.phase === 'idle') return null
  if (state.phase === 'uploading') {
    return (
      <View className='card' id='office-progress'>
        <Text>正在上传 {state.fileName}…</Text>
      </View>
    )
  }
  if (state.phase === 'running' || state.phase === 'done') {
    const job = state.job
    return (
      <View className='card' id='office-progress'>
        <View className='card-title'>
          {job.fileName ?? '导入'}：{STATUS_ZH[job.status]}
        </View>
        <Progress percent={job.percent} showInfo strokeWidth={8} activeColor='#0b6e4f' />
        <View className='muted'>
          已处理 {job.processedRows} / {job.totalRows} 行
        </View>
        {job.status === 'done' && (
          <View id='office-result' className='ok-text'>
            导入完成：新增{job.insertedRows ?? 0}条，更新{job.updatedRows ?? 0}条，未变化{job.unchangedRows ?? 0}条。
            {job.conflictRows
              ? `另有${job.conflictRows}条因其他统筹地区已有同一人同一年度的记录（重复参保）没有导入。`
              : ''}
          </View>
        )}
        {job.status === 'failed' && (
          <View className='error-text'>{job.message ?? '导入失败，数据没有改变，请重试。'}</View>
        )}
      </View>
    )
  }
  if (state.phase === 'rejected') {
    return (
      <View className='card' id='office-errors'>
        <View className='card-title error-text'>{state.fileName} 没有导入</View>
        <View className='error-text'>{state.message}</View>
        {state.errors.map((e, i) => (
          <View key={i} className='line-error'>
            {e.line > 0 ? `第${e.line}行` : '文件'}
            {e.column ? `（${e.column}）` : ''}：{e.message}
          </View>
        ))}
        {state.errorCount > state.errors.length && (
          <View className='muted'>另有 {state.errorCount - state.errors.length} 处错误未列出。</View>
        )}
      </View>
    )
  }
  return (
    <View className='card' id='office-errors'>
      <View className='error-text'>{state.error.message}</View>
    </View>
  )
}
