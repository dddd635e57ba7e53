/** Starting points for new workbooks (POST /api/v1/workbooks with `template`). */

const BLANK = (title: string) => `---
title: ${JSON.stringify(title)}
---

# ${title}

\`\`\`js
const greeting = "Edit this cell, then press Ctrl+S (Cmd+S) to save.";
\`\`\`

\`\`\`js
greeting
\`\`\`
`;

const DRIFT = (title: string) => `---
title: ${JSON.stringify(title)}
params:
  model: credit
  window: 24h
---

# ${title}

Compares the model's latest predictions with its reference set.

\`\`\`js
const current = await sql\`select * from credit where ts >= \${since(params.window)}\`;
const reference = await sql\`select * from credit_reference\`;
\`\`\`

\`\`\`js
detectors.tabularDrift(reference, current, {correction: "fdr"})
\`\`\`
`;

export const TEMPLATES: Record<string, (title: string) => string> = { blank: BLANK, drift: DRIFT };
