import { Text, View } from '@tarojs/components'
import { PageShell } from './PageShell'

/** What a resident who lands on a staff page sees: what the page is for, and who may use it. */
export function OfficeOnly(props: { id: string; purpose?: string }) {
  return (
    <PageShell id={props.id}>
      <View className='card'>
        <View className='card-title'>仅限医保经办人员</View>
        <Text className='muted'>
          {props.purpose ? `这里用于${props.purpose}。` : ''}如您是经办人员，请用已授权的账号登录。
        </Text>
      </View>
    </PageShell>
  )
}
