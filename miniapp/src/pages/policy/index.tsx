import { Text, View } from '@tarojs/components'

const PROVINCES = ['四川', '山西', '黑龙江', '贵州', '江西']

export default function PolicyPage() {
  return (
    <View className='page'>
      <View className='card'>
        <View className='card-title'>参保长效机制</View>
        <Text className='muted'>覆盖五省：{PROVINCES.join('、')}。各省条款原文与解读见下方。</Text>
      </View>
    </View>
  )
}
