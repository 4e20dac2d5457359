import { Checkbox, CheckboxGroup, Text, View } from '@tarojs/components'
import './ConsentCheck.css'

/**
 * The one control for agreeing to a text (rules, a commitment): a box to tick and the sentence beside it.
 * One control everywhere, so a resident who has agreed once knows the next one (review: a switch on one
 * page and a checkbox on another read as two different things). The sentence is tappable too: the box
 * alone is small for an elderly finger.
 */
export function ConsentCheck(props: { id: string; checked: boolean; label: string; onChange: (on: boolean) => void }) {
  return (
    <CheckboxGroup onChange={(e) => props.onChange((e.detail.value as string[]).includes('agree'))}>
      <View className='consent-row'>
        <Checkbox id={props.id} value='agree' checked={props.checked} />
        <Text className='consent-label' onClick={() => props.onChange(!props.checked)}>
          {props.label}
        </Text>
      </View>
    </CheckboxGroup>
  )
}
