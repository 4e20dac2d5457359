import type { PropsWithChildren } from 'react'
import { View } from '@tarojs/components'
import { useElderMode } from '../lib/elder'

/** Every page's root: carries the elder-mode class so one stylesheet rule scales the whole page. */
export function PageShell({ id, children }: PropsWithChildren<{ id: string }>) {
  const [elder] = useElderMode()
  return (
    <View id={id} className={elder ? 'page elder' : 'page'}>
      {children}
    </View>
  )
}
