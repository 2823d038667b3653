//! The questionnaire file exactly as serde reads it: every field optional, nothing checked.
//!
//! Keeping this form loose lets the validator report every missing or wrong field at once,
//! instead of serde stopping at the first one.

use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RawQuestionnaire {
    pub id: Option<String>,
    pub version: Option<String>,
    pub title: Option<String>,
    pub description: Option<String>,
    pub levels: Option<Vec<RawLevel>>,
    pub areas: Option<Vec<RawArea>>,
    pub transitions: Option<Vec<RawTransition>>,
    pub ecosystems: Option<Vec<RawEcosystem>>,
    pub previous_versions: Option<Vec<RawPreviousVersion>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RawPreviousVersion {
    pub version: Option<String>,
    pub same_meaning: Option<std::collections::BTreeMap<String, String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RawLevel {
    pub level: Option<i64>,
    pub name: Option<String>,
    pub summary: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RawArea {
    pub id: Option<String>,
    pub title: Option<String>,
    pub description: Option<String>,
    pub weight: Option<f64>,
    pub questions: Option<Vec<RawQuestion>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RawQuestion {
    pub id: Option<String>,
    pub prompt: Option<String>,
    pub help: Option<String>,
    pub weight: Option<f64>,
    pub options: Option<Vec<RawOption>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RawOption {
    pub level: Option<i64>,
    pub text: Option<String>,
    pub help: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RawTransition {
    pub from: Option<i64>,
    pub to: Option<i64>,
    pub min_weeks: Option<f64>,
    pub max_weeks: Option<f64>,
    pub per_project_type: Option<bool>,
    pub summary: Option<String>,
    pub priorities: Option<Vec<String>>,
    pub advice: Option<RawAdvice>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RawAdvice {
    pub kind: Option<String>,
    pub text: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RawEcosystem {
    pub id: Option<String>,
    pub name: Option<String>,
    pub tools: Option<Vec<RawTool>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RawTool {
    pub name: Option<String>,
    pub purpose: Option<String>,
    pub areas: Option<Vec<String>>,
}
