/** The top-level names a cell defines, read from its acorn syntax tree: they become the cell's outputs. */
import type { Pattern, Program } from "acorn";

/**
 * Names a cell shares with other cells: its top-level const, let, var, function and class
 * declarations, destructuring included. Names declared in blocks, loops and functions stay local.
 */
export function findDeclarations(program: Program): string[] {
  const names = new Set<string>();
  for (const statement of program.body) {
    switch (statement.type) {
      case "VariableDeclaration":
        for (const declarator of statement.declarations) addPatternNames(declarator.id, names);
        break;
      case "FunctionDeclaration":
      case "ClassDeclaration":
        names.add(statement.id.name);
        break;
    }
  }
  return [...names];
}

function addPatternNames(pattern: Pattern, names: Set<string>): void {
  switch (pattern.type) {
    case "Identifier":
      names.add(pattern.name);
      break;
    case "ObjectPattern":
      for (const property of pattern.properties) {
        addPatternNames(property.type === "RestElement" ? property : property.value, names);
      }
      break;
    case "ArrayPattern":
      for (const element of pattern.elements) if (element) addPatternNames(element, names);
      break;
    case "RestElement":
      addPatternNames(pattern.argument, names);
      break;
    case "AssignmentPattern":
      addPatternNames(pattern.left, names);
      break;
  }
}
