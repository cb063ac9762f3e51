//! The one list of fields a plan table's columns map to. The parser's
//! [`Field`] and [`Fields`], and the normalizer's field names and output
//! fields, are all generated from [`row_fields!`](crate::row_fields), so a
//! new field is one line there.

/// Calls the macro `$then!` with the row fields — every field but the row
/// number and the hierarchy (target, task, activity) — in output order, each
/// as `doc-attributes Variant snake_name "what the column holds",`. The doc
/// attributes describe the value (they become the JSON Schema's
/// descriptions); the string describes the column, with its Vietnamese
/// header words.
#[macro_export]
macro_rules! row_fields {
    ($then:ident) => {
        $then! {
            /// Output, deliverable.
            Output output "Output, deliverable (Kết quả, sản phẩm).",
            /// Lead agency.
            Lead lead "Lead agency (Chủ trì).",
            /// Partner agencies.
            Partners partners "Partner agencies (Phối hợp).",
            /// Deadline.
            Deadline deadline "Deadline or schedule (Thời gian hoàn thành, Tiến độ).",
            /// Budget.
            Budget budget "Budget or funding source (Kinh phí).",
            /// Note.
            Note note "Note (Ghi chú).",
            /// Mixed assignment column (lead and partners in one text).
            Assignment assignment "Mixed assignment column (Phân công và cách thức thực hiện).",
            /// Indicator unit.
            Unit unit "Unit of an indicator (Đơn vị).",
            /// Indicator target value.
            TargetValue target_value "Target value of an indicator (Chỉ tiêu năm 2024).",
            /// Indicator evaluator.
            Evaluator evaluator "Agency that evaluates an indicator (Cơ quan chủ trì đánh giá).",
            /// Monitoring agency (Theo dõi, kiểm tra, đôn đốc).
            Monitor monitor "Agency that monitors and urges the work on (Theo dõi, kiểm tra, đôn đốc).",
        }
    };
}

macro_rules! define_fields {
    ($( $(#[$value:meta])* $variant:ident $name:ident $column:literal, )*) => {
        /// A canonical field a column can map to.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Field {
            /// Row number (TT, Stt).
            RowNumber,
            /// Target / indicator (Mục tiêu, Chỉ tiêu).
            Target,
            /// Task (Nhiệm vụ).
            Task,
            /// Activity (Hoạt động).
            Activity,
            $( #[doc = $column] $variant, )*
        }

        impl Field {
            /// Every field, in output order.
            pub const ALL: &'static [Field] =
                &[Field::RowNumber, Field::Target, Field::Task, Field::Activity, $(Field::$variant),*];

            /// The snake_case name used in output.
            pub fn name(self) -> &'static str {
                match self {
                    Field::RowNumber => "row_number",
                    Field::Target => "target",
                    Field::Task => "task",
                    Field::Activity => "activity",
                    $( Field::$variant => stringify!($name), )*
                }
            }
        }

        /// The row fields an item carries (raw text, clean).
        #[derive(Clone, Debug, Default, PartialEq, Eq)]
        pub struct Fields {
            $( $(#[$value])* pub $name: Option<String>, )*
            /// Columns with no canonical field: raw header → value, in column order.
            pub extra: Vec<(String, String)>,
        }

        impl Fields {
            /// The slot for a row field; `None` for hierarchy fields and row numbers.
            pub fn slot_mut(&mut self, field: Field) -> Option<&mut Option<String>> {
                Some(match field {
                    $( Field::$variant => &mut self.$name, )*
                    Field::RowNumber | Field::Target | Field::Task | Field::Activity => return None,
                })
            }
        }
    };
}

row_fields!(define_fields);

impl Field {
    /// The field a snake_case name ([`Field::name`]) names.
    pub fn from_name(name: &str) -> Option<Field> {
        Field::ALL.iter().copied().find(|f| f.name() == name)
    }
}

impl Fields {
    /// Whether no field is set.
    pub fn is_empty(&self) -> bool {
        *self == Fields::default()
    }
}

/// How one column of a table was understood.
#[derive(Clone, Debug, PartialEq)]
pub struct Column {
    /// 0-based column index.
    pub index: usize,
    /// The header as printed (clean text).
    pub header: String,
    /// The canonical field, or `None` for a column kept under `extra`.
    pub field: Option<Field>,
    /// How sure the mapping is, 0–1 (1 = exact synonym).
    pub confidence: f32,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_round_trip() {
        let names: std::collections::HashSet<&str> = Field::ALL.iter().map(|f| f.name()).collect();
        assert_eq!(names.len(), Field::ALL.len());
        for &field in Field::ALL {
            assert_eq!(Field::from_name(field.name()), Some(field));
        }
        assert_eq!(Field::TargetValue.name(), "target_value");
        let mut fields = Fields::default();
        *fields.slot_mut(Field::Monitor).expect("a row field") = Some("Sở Nội vụ".into());
        assert_eq!(fields.monitor.as_deref(), Some("Sở Nội vụ"));
        assert!(fields.slot_mut(Field::Task).is_none());
    }
}
