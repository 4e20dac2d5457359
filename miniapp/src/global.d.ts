/// <reference types="@tarojs/taro" />

declare module '*.css'

/** Origin of the API; empty on H5, where the Worker serves the app and /api from one origin. */
declare const API_BASE: string

declare namespace NodeJS {
  interface ProcessEnv {
    TARO_ENV: 'weapp' | 'h5'
  }
}
