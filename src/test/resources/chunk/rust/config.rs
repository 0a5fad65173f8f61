//! Configuration loading for the ingest daemon.
//!
//! Reads `key = value` files with `[section]` headers.

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

/// Largest configuration file we agree to read.
pub const MAX_CONFIG_BYTES: usize = 1 << 20;

/// Where a value came from, for error messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    pub file: PathBuf,
    pub line: usize,
}

/// Everything that can go wrong while reading a configuration.
#[derive(Debug)]
pub enum ConfigError {
    Io(std::io::Error),
    Syntax { origin: Origin, message: String },
    Missing(&'static str),
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigError::Io(e) => write!(f, "cannot read configuration: {e}"),
            ConfigError::Syntax { origin, message } => {
                write!(f, "{}:{}: {message}", origin.file.display(), origin.line)
            }
            ConfigError::Missing(key) => write!(f, "required setting `{key}` is missing"),
        }
    }
}

/// A parsed configuration: section -> key -> value.
#[derive(Debug, Default)]
pub struct Config {
    sections: HashMap<String, HashMap<String, String>>,
}

impl Config {
    /// Reads and parses a file.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(ConfigError::Io)?;
        Config::parse(&text, path)
    }

    /// Parses configuration text; `file` is only used in error messages.
    ///
    /// Supports comments (`#` and `;`), quoted values with escapes, line
    /// continuations with a trailing backslash, and `${section.key}` references
    /// to values defined earlier.
    pub fn parse(text: &str, file: &Path) -> Result<Config, ConfigError> {
        if text.len() > MAX_CONFIG_BYTES {
            return Err(ConfigError::Syntax {
                origin: Origin { file: file.to_path_buf(), line: 0 },
                message: format!("file is larger than {MAX_CONFIG_BYTES} bytes"),
            });
        }
        let mut config = Config::default();
        let mut section = String::from("default");
        let mut pending = String::new();
        for (index, raw) in text.lines().enumerate() {
            let origin = Origin { file: file.to_path_buf(), line: index + 1 };
            let syntax = |message: &str| ConfigError::Syntax { origin: origin.clone(), message: message.to_string() };

            let mut line = raw.trim_end().to_string();
            if let Some(stripped) = line.strip_suffix('\\') {
                pending.push_str(stripped.trim_start());
                continue;
            }
            if !pending.is_empty() {
                line = format!("{pending}{}", line.trim_start());
                pending.clear();
            }
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
                continue;
            }

            if let Some(name) = line.strip_prefix('[') {
                let name = name.strip_suffix(']').ok_or_else(|| syntax("unclosed section header"))?;
                if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.') {
                    return Err(syntax("section names use letters, digits, '_' and '.'"));
                }
                section = name.to_string();
                continue;
            }

            let (key, value) = line.split_once('=').ok_or_else(|| syntax("expected `key = value`"))?;
            let key = key.trim();
            if key.is_empty() {
                return Err(syntax("empty key"));
            }
            let mut value = value.trim().to_string();
            if value.starts_with('"') {
                if value.len() < 2 || !value.ends_with('"') {
                    return Err(syntax("unterminated string"));
                }
                value = value[1..value.len() - 1].replace("\\n", "\n").replace("\\\"", "\"");
            }
            while let Some(start) = value.find("${") {
                let end = value[start..].find('}').ok_or_else(|| syntax("unterminated ${...}"))? + start;
                let reference = &value[start + 2..end];
                let (ref_section, ref_key) = reference.split_once('.').unwrap_or(("default", reference));
                let resolved = config
                    .get(ref_section, ref_key)
                    .ok_or_else(|| syntax(&format!("unknown reference ${{{reference}}}")))?
                    .to_string();
                value.replace_range(start..=end, &resolved);
            }
            config.sections.entry(section.clone()).or_default().insert(key.to_string(), value);
        }
        if !pending.is_empty() {
            return Err(ConfigError::Missing("continuation line"));
        }
        Ok(config)
    }

    pub fn get(&self, section: &str, key: &str) -> Option<&str> {
        self.sections.get(section)?.get(key).map(String::as_str)
    }
}

/// Parses a duration such as `30s`, `5m` or `2h` into seconds.
fn parse_seconds(value: &str) -> Option<u64> {
    let (number, unit) = value.split_at(value.find(|c: char| !c.is_ascii_digit())?);
    let n: u64 = number.parse().ok()?;
    match unit {
        "s" => Some(n),
        "m" => Some(n * 60),
        "h" => Some(n * 3600),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_seconds_reads_units() {
        assert_eq!(parse_seconds("90s"), Some(90));
        assert_eq!(parse_seconds("2h"), Some(7200));
        assert_eq!(parse_seconds("5x"), None);
    }
}
