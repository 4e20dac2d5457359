import type { PropsWithChildren } from 'react'
import { isElderMode, markDocument } from './lib/elder'
import './app.css'

markDocument(isElderMode())

function App({ children }: PropsWithChildren) {
  return children
}

export default App
