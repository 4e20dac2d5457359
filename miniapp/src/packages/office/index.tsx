import { useCallback, useEffect, useRef, useState } from 'react'
import Taro from '@tarojs/taro'
import { Button, Progress, Text, View } from '@tarojs/components'
import type { ImportJob } from '@canbao/shared/api/office'
import { OfficeOnly } from '../../components/OfficeOnly'
import { PageShell } from '../../components/PageShell'
import { fetchImport, fetchImports, uploadImport } from '../../api/office'
import { useSession } from '../../lib/session'
import { pickCsvFile } from './pick-file'
import { phaseError, shownData, useLoad } from '../../lib/load'
import {
  IMPORT_STATUS_ZH,
  historyLine,
  importColumnsZh,
  importIntroZh,
  jobResult,
  lineErrorText,
  moreErrorsText,
  polledState,
  uploadBusy,
  uploadedState,
  workbenchCards,
  type UploadState,
} from './import-model'
import './index.css'

const POLL_MS = 1000

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
    (next: UploadState) => {
      setUpload(next)
      if (next.phase === 'done') void loadHistory()
      if (next.phase !== 'running') return
      const job = next.job
      polling.current = setTimeout(async () => follow(polledState(job, await fetchImport(job.id))), POLL_MS)
    },
    [loadHistory],
  )

  const choose = async () => {
    const file = await pickCsvFile()
    if (!file) return
    setUpload({ phase: 'uploading', fileName: file.name })
    follow(uploadedState(await uploadImport(file.bytes, file.name), file.name))
  }

  if (!isOffice) return <OfficeOnly id='office-page' purpose='医保部门导入参保记录' />

  const busy = uploadBusy(upload)
  return (
    <PageShell id='office-page'>
      <View className='card'>
        <View className='card-title'>导入参保记录</View>
        <Text className='muted'>{importIntroZh(session.user.office?.scopeNameZh)}</Text>
        <View className='columns'>{importColumnsZh()}</View>
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

      {workbenchCards(session.user.office).map((card) => (
        <View key={card.id} className='card'>
          <View className='card-title'>{card.title}</View>
          <Text className='muted'>{card.text}</Text>
          <Button id={card.id} className='choice' onClick={() => void Taro.navigateTo({ url: card.url })}>
            {card.button}
          </Button>
        </View>
      ))}

      <View className='card' id='office-history'>
        <View className='card-title'>导入记录</View>
        {historyError && <View className='error-text'>{historyError.message}</View>}
        {history === null && !historyError && <Text className='muted'>正在加载…</Text>}
        {history?.length === 0 && <Text className='muted'>还没有导入过文件。</Text>}
        {history?.map((job) => {
          const line = historyLine(job)
          return (
            <View key={job.id} className='history-row'>
              <View>{line.title}</View>
              <View className='muted'>{line.detail}</View>
            </View>
          )
        })}
      </View>
    </PageShell>
  )
}

function JobCard({ job }: { job: ImportJob }) {
  const result = jobResult(job)
  return (
    <View className='card' id='office-progress'>
      <View className='card-title'>
        {job.fileName ?? '导入'}：{IMPORT_STATUS_ZH[job.status]}
      </View>
      <Progress percent={job.percent} showInfo strokeWidth={8} activeColor='#0b6e4f' />
      <View className='muted'>
        已处理 {job.processedRows} / {job.totalRows} 行
      </View>
      {result && (
        <View id={result.ok ? 'office-result' : undefined} className={result.ok ? 'ok-text' : 'error-text'}>
          {result.text}
        </View>
      )}
    </View>
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
  if (state.phase === 'running' || state.phase === 'done') return <JobCard job={state.job} />
  if (state.phase === 'rejected') {
    const more = moreErrorsText(state)
    return (
      <View className='card' id='office-errors'>
        <View className='card-title error-text'>{state.fileName} 没有导入</View>
        <View className='error-text'>{state.message}</View>
        {state.errors.map((e, i) => (
          <View key={i} className='line-error'>
            {lineErrorText(e)}
          </View>
        ))}
        {more && <View className='muted'>{more}</View>}
      </View>
    )
  }
  return (
    <View className='card' id='office-errors'>
      <View className='error-text'>{state.error.message}</View>
    </View>
  )
}
