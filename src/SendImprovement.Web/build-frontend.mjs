// Builds wwwroot/css/app.css from Styles/app.scss and copies the GOV.UK and MOJ scripts and images into wwwroot/lib.
// Fonts are not copied: the service uses the system font, not the GOV.UK font.
import { cpSync, mkdirSync, rmSync } from 'node:fs'
import { compile } from 'sass'
import { writeFileSync } from 'node:fs'

const result = compile('Styles/app.scss', {
  loadPaths: ['.', 'node_modules'],
  style: 'compressed',
  quietDeps: true,
  silenceDeprecations: ['import'],
  logger: { warn: () => {} }
})
mkdirSync('wwwroot/css', { recursive: true })
writeFileSync('wwwroot/css/app.css', result.css)

rmSync('wwwroot/lib', { recursive: true, force: true })
mkdirSync('wwwroot/lib', { recursive: true })
cpSync('node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js', 'wwwroot/lib/govuk-frontend.min.js')
cpSync('node_modules/@ministryofjustice/frontend/moj/moj-frontend.min.js', 'wwwroot/lib/moj-frontend.min.js')
cpSync('node_modules/govuk-frontend/dist/govuk/assets/images', 'wwwroot/lib/assets/images', { recursive: true })
cpSync('node_modules/@ministryofjustice/frontend/moj/assets/images', 'wwwroot/lib/assets/images', { recursive: true })
cpSync('Scripts/app.js', 'wwwroot/lib/app.js')
console.log('Front end built: wwwroot/css/app.css, wwwroot/lib/')
