import Taro from '@tarojs/taro'
import { Button, Text, View } from '@tarojs/components'

/** Sign-in lives on 我的 (a tab), so every page that needs a signed-in resident sends them there the same way. */
export const SIGN_IN_URL = '/pages/me/index'

export function SignInCard(props: { id?: string; buttonId: string; title: string; text: string }) {
  return (
    <View className='card' id={props.id}>
      <View className='card-title'>{props.title}</View>
      <Text className='muted'>{props.text}</Text>
      <Button id={props.buttonId} className='button-primary' onClick={() => void Taro.switchTab({ url: SIGN_IN_URL })}>
        去登录
      </Button>
    </View>
  )
}
