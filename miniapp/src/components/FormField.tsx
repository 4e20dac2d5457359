import type { ReactNode } from 'react'
import { Input, View } from '@tarojs/components'
import './FormField.css'

/**
 * One row of a staff form: the label, the control, and the field's own message right under it, so a clerk
 * sees what to fix where they typed it.
 */
export function FormField(props: { label: ReactNode; error?: string | null; errorId?: string; children: ReactNode }) {
  return (
    <View>
      <View className='field-label'>{props.label}</View>
      {props.children}
      {props.error ? (
        <View className='error-text field-error' id={props.errorId}>
          {props.error}
        </View>
      ) : null}
    </View>
  )
}

/** A one-line text field in a FormField. */
export function TextField(props: {
  id: string
  label: ReactNode
  value: string
  onInput: (value: string) => void
  placeholder?: string
  type?: 'text' | 'digit'
  error?: string | null
  errorId?: string
}) {
  return (
    <FormField label={props.label} error={props.error} errorId={props.errorId}>
      <Input
        id={props.id}
        className='campaign-input'
        type={props.type ?? 'text'}
        placeholder={props.placeholder}
        value={props.value}
        onInput={(e) => props.onInput(e.detail.value)}
      />
    </FormField>
  )
}
