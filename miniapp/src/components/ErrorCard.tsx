import { Button, View } from '@tarojs/components'
import type { ClientError } from '../api/client'

/**
 * A load that failed: the Chinese message of the failure (it says whose problem it is and what to do) and a
 * retry right under it. `id` names the card, `retryId` its button, as the tests and the resident find them.
 */
export function ErrorCard(props: {
  id: string
  retryId: string
  error: ClientError
  onRetry: () => void
  title?: string
  messageId?: string
  secondary?: boolean
}) {
  return (
    <View className='card' id={props.id}>
      {props.title && <View className='card-title'>{props.title}</View>}
      <View className='error-text' id={props.messageId}>
        {props.error.message}
      </View>
      <Button
        id={props.retryId}
        className={props.secondary ? 'button-secondary' : 'button-primary'}
        onClick={props.onRetry}
      >
        重试
      </Button>
    </View>
  )
}
