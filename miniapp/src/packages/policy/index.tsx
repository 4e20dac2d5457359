import { useState } from 'react'
import { Button, Text, View } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import {
  DOCUMENTS,
  PROVINCES,
  PROVINCE_CODES,
  renderCiteZh,
  type DocumentId,
  type ProvinceCode,
} from '@canbao/shared/policy'
import { CLAUSE_TEXTS } from '@canbao/shared/texts/clauses'
import { provinceRulesZh } from '@canbao/shared/texts/rules-zh'
import { PageShell } from '../../components/PageShell'
import { todayCst } from '../../lib/today'
import { dateText } from '../../lib/format'
import { coverageYearFor } from '../../pages/calculator/model'
import { currentSession } from '../../lib/session'
import { initialPolicyProvince } from './model'
import './index.css'

export default function PolicyPage() {
  const router = useRouter()
  const initial = router.params.province
  const [province, setProvince] = useState<ProvinceCode>(() =>
    initialPolicyProvince(initial, currentSession()?.user.profile?.province),
  )
  const [openClause, setOpenClause] = useState<number | null>(null)
  const table = PROVINCES[province]
  const documentId = table.document as DocumentId
  const document = DOCUMENTS[documentId]
  const rules = provinceRulesZh(province, coverageYearFor(todayCst()))

  return (
    <PageShell id='policy-page'>
      <View className='card'>
        <View className='card-title'>参保长效机制</View>
        <View className='choice-row'>
          {PROVINCE_CODES.map((code) => (
            <Button
              key={code}
              id={`policy-province-${code}`}
              className={code === province ? 'choice choice-on' : 'choice'}
              onClick={() => {
                setProvince(code)
                setOpenClause(null)
              }}
            >
              {PROVINCES[code].nameZh.replace(/省$/, '')}
            </Button>
          ))}
        </View>
        <Text className='muted'>
          依据：{document.shortTitle}（{dateText(document.date)}）
        </Text>
      </View>

      {rules.map((rule) => (
        <View key={rule.topic} className='card'>
          <View className='card-title'>{rule.topic}</View>
          {rule.lines.map((line) => (
            <View key={line} className='rule-line'>
              {line}
            </View>
          ))}
          <View className='muted cite'>出处：{renderCiteZh(rule.cite)}</View>
        </View>
      ))}

      <View className='card' id='policy-clauses'>
        <View className='card-title'>文件原文</View>
        {CLAUSE_TEXTS[documentId].map((clause, i) => (
          <View key={`${clause.clause}-${clause.topic}`} className='clause'>
            <View className='clause-head' onClick={() => setOpenClause(openClause === i ? null : i)}>
              {openClause === i ? '▾' : '▸'} {clause.clause} {clause.topic}
            </View>
            {openClause === i && <View className='clause-text'>{clause.text}</View>}
          </View>
        ))}
      </View>
    </PageShell>
  )
}
