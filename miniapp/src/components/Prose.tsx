import { Text } from '@tarojs/components'
import { proseRuns } from './prose-model'

/** A sentence whose figures never break over two lines (see proseRuns). Renders inline, inside any View. */
export function Prose({ text }: { text: string }) {
  return (
    <>
      {proseRuns(text).map((run, i) =>
        run.whole ? (
          <Text key={i} className='figure-whole'>
            {run.text}
          </Text>
        ) : (
          run.text
        ),
      )}
    </>
  )
}
