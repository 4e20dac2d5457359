import { Text } from '@tarojs/components'
import { figureRuns } from '../lib/format'

/** A sentence whose figures never break over two lines (see figureRuns). Renders inline, inside any View. */
export function Prose({ text }: { text: string }) {
  return (
    <>
      {figureRuns(text).map((run, i) =>
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
